"""What one item of each list or map key is called in a sentence ("permission" for `permissions`).

A key's own phrase (its `phrase=` in the vocabulary) names the whole list or map; this names one
entry of it, for sentences such as "Add permission s3:GetObject to role orders-task". Keys with the
same name mean the same kind of item wherever they appear, so the table is by key name.
"""

from __future__ import annotations

ITEM_NOUNS: dict[str, str] = {
    "access_points": "access point", "actions": "action", "app_calls": "AWS call",
    "auto_scaling_groups": "Auto Scaling group", "buckets": "S3 bucket", "capacity_provider_strategy": "capacity provider",
    "capacity_providers": "capacity provider", "consumers": "principal", "containers": "container",
    "default_strategy": "capacity provider", "edited_profiles": "Fargate profile", "endpoint_services": "endpoint service",
    "endpoints": "VPC endpoint", "environment": "environment variable", "exclusion_filters": "exclusion filter",
    "existing_tags": "tag", "fargate_profiles": "Fargate profile", "fargate_providers": "Fargate capacity provider",
    "file_systems": "file system", "ingress": "inbound rule", "labels": "label", "lifecycle_rules": "lifecycle rule",
    "linux_capabilities_add": "Linux capability", "listeners": "listener", "load_balancers": "load balancer",
    "managed_instances": "Managed Instances capacity provider", "managed_policies": "managed policy", "metrics": "metric",
    "mount_points": "mount point", "mount_target_azs": "mount target Availability Zone", "needs": "need",
    "nfs_allowed_from": "security group", "node_groups": "node group", "per_task_metrics": "metric",
    "permissions": "permission", "placement_constraints": "placement constraint", "policy": "policy statement",
    "port_mappings": "port mapping", "principals": "principal", "pushes": "push", "repositories": "repository",
    "requires_compatibilities": "compatibility", "roles": "role", "rules": "listener rule",
    "scaling_policies": "scaling policy", "scheduled": "scheduled action", "secrets": "secret",
    "security_groups": "security group", "selectors": "selector", "service_accounts": "service account",
    "services": "service", "step_scaling": "step scaling policy", "steps": "step adjustment", "subnets": "subnet",
    "tag_prefixes": "tag prefix", "target_groups": "target group", "target_tracking": "target tracking policy",
    "targets": "load balancer", "task_definitions": "task definition", "tasks": "standalone task",
    "timeline": "load change", "volumes": "volume", "workloads": "workload",
}

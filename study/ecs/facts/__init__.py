"""Tables of AWS facts the rules read: Fargate task sizes, EC2 instance capacity, managed policies."""

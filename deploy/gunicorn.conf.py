"""gunicorn settings for the container: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`."""
import os


def worker_count(environ) -> int:
    """Workers from WEB_CONCURRENCY (default 2, for the 0.5 vCPU task; raise it with the task size)."""
    text = environ.get("WEB_CONCURRENCY", "2")
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"WEB_CONCURRENCY={text!r}: expected a whole number of workers, 1 or more")
    return int(text)


bind = "0.0.0.0:8000"  # the container port the task definition maps and the target group probes
workers = worker_count(os.environ)
accesslog = None  # the app itself logs every request as one JSON line; a second access log would repeat it
errorlog = "-"
# ECS sends SIGTERM, then SIGKILL after the container's stopTimeout (30 s by default): finish
# in-flight requests well before that.
graceful_timeout = 25
# Trust X-Forwarded-Proto from any peer (so the app knows the request came over HTTPS): only the load
# balancer's security group can reach the tasks' port. STUDY_PROXY_HOPS tells the app how many proxies sit
# in front of it.
forwarded_allow_ips = "*"
# No runtime control socket (gunicorn 25.1+): nobody runs gunicornc inside the task, and the
# unprivileged user has no writable home for it.
control_socket_disable = True

"""gunicorn behind nginx (deploy/nginx.conf): `gunicorn -c deploy/gunicorn.conf.py`.

Sync workers, cores + 1, on loopback only: nginx is the only client, and hands each worker a
complete request (headers and body already read) and takes its answer at once, so a worker is
never held by a slow client. Environment: SAFETYNET_BIND (default 127.0.0.1:8001),
SAFETYNET_WEB_WORKERS (default cores + 1)."""

import os

wsgi_app = "safetynet.wsgi:application"
bind = [os.environ.get("SAFETYNET_BIND", "127.0.0.1:8001")]
workers = int(os.environ.get("SAFETYNET_WEB_WORKERS", str((os.cpu_count() or 1) + 1)))
worker_class = "sync"
# The application (Django, the views, the linkage stack) is loaded once, before the workers
# fork: a worker starts answering at once, and a replaced one (max_requests) too.
preload_app = True
timeout = 120  # the longest request: a linkage list upload parsed in the request
graceful_timeout = 30
max_requests = 5000  # a worker is replaced now and then (memory), staggered
max_requests_jitter = 500
forwarded_allow_ips = "127.0.0.1"
accesslog = None  # nginx logs the requests (paths only)

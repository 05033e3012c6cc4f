"""Production serving: gunicorn -c gunicorn.conf.py wsgi:app

Behind a reverse proxy (README, Production): the proxy holds the browsers' keep-alive
connections, buffers slow clients and sends each request to gunicorn on a fresh connection.

Load spreads by request, not by connection. A gthread worker accepts connections whenever its
event loop runs, busy or not, and a keep-alive connection then stays with it: 50 clients piled
onto one or two of the five workers, the busiest did up to 68% of the work, and p95 reached
up to 7x p50 (BENCHMARKS.md, "Under load"). So each response closes its connection
(keepalive = 0) and a worker takes a new connection only when it has a free thread
(worker_connections = threads): waiting requests queue in the kernel's shared accept queue and
go to whichever worker frees a thread first. The price is a new TCP connection per request,
which the reverse proxy in front pays anyway.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads))
# Per-worker listening sockets (SO_REUSEPORT) spread connections by hash, blind to how busy a
# worker is; measured, the shared socket above spreads better. Off unless asked for.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "0") == "1"
timeout = 60
graceful_timeout = 30
# The ProxyFix in the app trusts X-Forwarded-* only as far as PROXY_FIX_HOPS says.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
limit_request_line = 8190

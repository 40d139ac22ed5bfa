"""gunicorn settings for production: threaded workers and bounded waits, so slow clients
cannot take the site down. Run: gunicorn -c deploy/gunicorn.conf.py (behind deploy/nginx.conf).

Every value can be changed from the environment without editing this file.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "lms:create_app()"

# Where to listen: an address nginx proxies to (127.0.0.1:8000) or unix:/run/lms/gunicorn.sock.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# gthread: each worker process serves many connections from a pool of threads, and a new
# connection that sends nothing is handed back to the poller instead of holding a thread.
# The sync worker (gunicorn's default) is held by one client for as long as it drips headers.
# nginx in front buffers whole requests, so only complete requests reach these threads.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, multiprocessing.cpu_count()))))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# A worker that does not report back for this long is restarted (seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On restart or deploy, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# An idle kept-alive connection (from nginx's upstream pool) is closed after this long.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Short request lines and headers: nothing the site needs is longer.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Restart workers now and then, at different times, so slow leaks cannot build up.
max_requests = 2000
max_requests_jitter = 200

# Logs go to stderr for the service manager. The access log shows the path without the query
# string (which can hold a key or a token) and no referrer; change only this one format.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

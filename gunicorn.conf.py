"""gunicorn settings for the web service (docker-compose and the Dockerfile run
``gunicorn -c gunicorn.conf.py aftersales.wsgi:application``).

Threaded workers (``gthread``): a connection whose request has not fully arrived waits in the
worker's poller, not in a thread, so a few slow or half-open clients cannot occupy every
worker the way they do with the default synchronous ones. Timeouts bound what a client can
hold: ``keepalive`` for an idle connection, ``timeout`` for a request that hangs the worker.
The reverse proxy in front (TLS, see the README) should still buffer requests and enforce
its own header/body timeouts and connection limits per address.

Every value can be changed from the environment without editing this file.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 8)
# Open connections one worker keeps (kept-alive and waiting for a request).
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Request line and headers: gunicorn's limits, stated here so they are visible.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# A worker is replaced after this many requests (memory growth); jitter spreads restarts.
# Each replacement loads Django again (about a second of CPU, with the requests it holds
# waiting): at 2,000 a worker taking 100 requests a second was replaced every 20 seconds.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10
accesslog = "-"

"""gunicorn configuration for gongfa: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Threaded workers (gthread): a request waiting on PostgreSQL or on a slow page (a report, a search)
holds one thread, not a whole process, so the home page stays fast while other users hit the
heavy pages (benchmarks/README.md, "Web server"). Every number can be set from the environment.
"""

from __future__ import annotations

import os


def _int(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name, "")
    try:
        return max(minimum, int(value)) if value else default
    except ValueError:
        raise SystemExit(f"gunicorn.conf.py: {name}={value!r} is not an integer") from None


_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# The usual 2 × cores + 1, capped: each worker holds its own database connections (threads × workers
# ≤ PgBouncer's pool) and its own copy of the statute index.
workers = _int("GUNICORN_WORKERS", min(2 * _cores + 1, _int("GUNICORN_MAX_WORKERS", 8)))
threads = _int("GUNICORN_THREADS", 4)
# A request running longer than this is killed (its transaction rolls back); health probes and
# pages answer in well under a second.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (jitter: not all at once), so a slow leak never grows for weeks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200, minimum=0)
# Load Django once in the master and fork: workers start in milliseconds, a broken setting stops
# the start instead of every worker failing. Safe here: nothing opens a connection at import, and
# post_fork closes any that did.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# Access log: the path only (%(U)s), never the query string or the referrer, which may carry a
# phone number or a search for a person; no request line (%(r)s) for the same reason.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-* is believed from these addresses only (the reverse proxy on the same host by
# default); the application's own TRUSTED_PROXIES decides the client address for rate limits.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server: object, worker: object) -> None:
    """A forked worker must not share a database connection opened in the master."""
    from django.db import connections

    connections.close_all()

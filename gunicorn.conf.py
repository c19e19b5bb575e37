"""Gunicorn's settings, from the environment (`gunicorn -c gunicorn.conf.py ...`).

Gunicorn also reads this file by itself when started in this folder. Size it per container:
WEB_CONCURRENCY processes of GUNICORN_THREADS threads each answer at most WEB_CONCURRENCY x
GUNICORN_THREADS requests at once, and each of those may hold a database connection. See the
README's "Running bigger".
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"
# Processes: each holds its own copy of the app, so memory grows with their number.
workers = _int("WEB_CONCURRENCY", 3)
# Threads per process: more than 1 switches to the threaded worker (gthread), which also keeps
# connections from the proxy alive between requests.
threads = _int("GUNICORN_THREADS", 1)
# A request running longer than this is killed and its worker replaced (the proxy's read
# timeout is a little longer, so the client sees gunicorn's answer, not the proxy's).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace each worker after this many requests (plus a random share of the jitter, so they do
# not all restart at once): whatever a worker slowly accumulates is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The workers' heartbeat files on tmpfs: on a container's overlay filesystem a slow disk would
# make healthy workers look dead.
# Gunicorn creates its own private files there (mkstemp).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "standards-tracker"


def post_worker_init(worker: object) -> None:
    """Once a worker has loaded the app, its modules, URL patterns, templates and settings live
    as long as the worker: frozen, the collector's full passes no longer walk them on every
    request that allocates enough to trigger one (a detail page, an export)."""
    import gc

    gc.freeze()

"""gunicorn settings for the portal: `gunicorn -c gunicorn.conf.py attachment_portal.wsgi` (`make serve`).

Each value can be changed from the environment (names below) or on the command line, which wins.
"""

import multiprocessing
import os
from pathlib import Path

import environ

# The same .env file the settings read (variables already set win), so both see one configuration.
environ.Env.read_env(Path(__file__).with_name(".env"))

wsgi_app = "attachment_portal.wsgi"
proc_name = "attachment-portal"

# Loopback unless told otherwise: nginx on the same host is the front (deploy/, README "Deploying"),
# and `make serve` binds a Unix socket instead (--bind unix:PATH). BIND=0.0.0.0:8000 listens on every
# interface. gunicorn believes X-Forwarded-Proto only from 127.0.0.1 or its Unix socket, that is from
# nginx, which sets it on every request (and removes the other scheme headers gunicorn would believe).
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# The longest request line gunicorn accepts (its maximum; the default is 4094): nginx lets through an
# address of up to 8 KB (large_client_header_buffers) and answers a longer one with its 414 page, so
# every request nginx passes on reaches Django instead of getting gunicorn's bare-text 400.
limit_request_line = 8190

# (2 x cores) + 1 processes keeps every core busy while some workers wait on the database. Capped,
# because each worker holds its own Django and database connections: more than a dozen on one host
# costs memory and PostgreSQL connections without adding throughput.
# Only with a shared cache, though: public pages are invalidated through a count kept in the cache,
# so workers each with a cache of their own (CACHE_URL unset: local memory) would each see only the
# changes made through them. Without one, a single worker serves, its threads sharing its cache.
cache_url = os.environ.get("CACHE_URL", "")
shared_cache = bool(cache_url) and not cache_url.startswith("locmemcache:")
default_workers = min(2 * multiprocessing.cpu_count() + 1, 12) if shared_cache else 1
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers)

# Threads let one worker hold keep-alive connections and overlap a slow client or query with
# another request; CPU-bound rendering still scales by processes. Each thread keeps its own
# persistent database connection (CONN_MAX_AGE), so workers x threads is the most PostgreSQL sees.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that takes 30 s is stuck, not slow: the worker is replaced. Shutdown waits as long for
# requests in flight. An idle keep-alive connection is closed after 5 s, long enough for a page's
# next request, short enough not to tie up a thread.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Django is imported once, in the master, and each worker is a fork of it: a worker starts in
# milliseconds instead of a second of CPU, and the workers share the imported code's memory.
# (Nothing opens a database or cache connection at import, so no connection is shared by forks.)
# A code change therefore needs a restart, not a HUP.
preload_app = True

# Recycle workers now and then, so a slow leak in any library never grows without bound; the
# jitter keeps them from restarting all at once. Not too often: a cached page is served in about a
# millisecond, so at 10,000 requests a worker restarted every few seconds under load, and each
# restart dropped its keep-alive connections (measured: p99 from 15 ms to over 150 ms).
max_requests = 100000
max_requests_jitter = 10000

# Access log on stdout, with the time each request took (microseconds): whatever collects the
# container's output keeps it. Errors go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Heartbeat files in memory: a slow disk (or a container's overlay) cannot make healthy workers
# look dead.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn 25+ opens a control socket (for `gunicornc`) at one fixed default path per user, so a
# second instance on the same machine would take it from the first. It is opened only when
# GUNICORN_CONTROL_SOCKET names a path of this instance's own.
control_socket_path = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if control_socket_path:
    control_socket = control_socket_path
else:
    control_socket_disable = True

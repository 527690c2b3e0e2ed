"""What the benchmark and the scale-out check share: a production-like environment, the PostgreSQL
database and Redis they use, and gunicorn instances that are always stopped, even on error."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def production_env(*, database_url: str, cache_url: str, cache_key_prefix: str, static_root: Path, **extra) -> dict:
    """DEBUG off and the production defaults, except what plain HTTP on 127.0.0.1 cannot have
    (HTTPS redirect, HSTS, secure-only cookies). Static files come from `static_root`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "attachment_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": cache_key_prefix,
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def postgres_reachable(database_url: str) -> bool:
    parts = urlsplit(database_url)
    return _port_open(parts.hostname or "127.0.0.1", parts.port or 5432)


def redis_reachable(redis_url: str = DEFAULT_REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(redis_url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def ensure_database(database_url: str) -> bool:
    """Create the PostgreSQL database the URL names when it is missing; True when it was created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def drop_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parts.path.lstrip("/")))
        )


def delete_cache_keys(redis_url: str, prefix: str) -> None:
    """Remove one run's keys (Django writes them as `prefix:version:key`) and nobody else's."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def manage(*args: str, env: dict) -> None:
    """Run a manage.py command in the given environment; its failure stops everything."""
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Gunicorn:
    """One gunicorn with gunicorn.conf.py on 127.0.0.1:`port`, its output in `log_path`.

    Use it as a context manager: the server is stopped (its whole process group) on the way out,
    whatever happened inside. No control socket, so several can run on one machine."""

    def __init__(self, *, port: int, env: dict, log_path: Path, extra_args: tuple[str, ...] = ()) -> None:
        self.port = port
        self.env = env
        self.log_path = log_path
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Gunicorn":
        command = [
            str(GUNICORN),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
            *self.extra_args,
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self.wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {self.port} exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not answer /healthz within {timeout:.0f} s")

    def stop(self) -> None:
        """SIGTERM for a graceful stop, SIGKILL if it lingers; only this server's own process group."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

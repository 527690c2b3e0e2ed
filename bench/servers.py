"""What the benchmark and the scale-out check share: a production-like environment, the PostgreSQL
database and Redis they use, an S3-compatible object store, and gunicorn instances, each server
always stopped, even on error."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
MOTO_SERVER = Path(sys.executable).with_name("moto_server")
# The object store's stand-in accepts any credentials; these only have to be the same everywhere.
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "scaleout-access-key",
    "AWS_SECRET_ACCESS_KEY": "scaleout-secret-key",
    "AWS_DEFAULT_REGION": "us-east-1",
    # Never ask a cloud metadata address for credentials or a region: everything stays on 127.0.0.1.
    "AWS_EC2_METADATA_DISABLED": "true",
}
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


class _ServerProcess(ABC):
    """A server in a process group of its own, its output in `log_path`.

    Use it as a context manager: the server is stopped (its whole process group) on the way out,
    whatever happened inside."""

    def __init__(self, *, port: int, env: dict, log_path: Path) -> None:
        self.port = port
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @abstractmethod
    def command(self) -> list[str]:
        """The command line that starts the server."""

    @abstractmethod
    def ready(self) -> bool:
        """Whether the server answers as it should once started."""

    def __enter__(self):
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_ready(self, timeout: float = 60) -> None:
        name = Path(self.command()[0]).name
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} on port {self.port} exited; see {self.log_path}")
            try:
                if self.ready():
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{name} on port {self.port} did not answer within {timeout:.0f} s")

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


class Gunicorn(_ServerProcess):
    """One gunicorn with gunicorn.conf.py on 127.0.0.1:`port`, ready once /healthz answers 200.
    No control socket, so several can run on one machine."""

    def __init__(self, *, port: int, env: dict, log_path: Path, extra_args: tuple[str, ...] = ()) -> None:
        super().__init__(port=port, env=env, log_path=log_path)
        self.extra_args = extra_args

    def command(self) -> list[str]:
        return [
            str(GUNICORN),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
            *self.extra_args,
        ]

    def ready(self) -> bool:
        with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
            return response.status == 200


class S3Server(_ServerProcess):
    """moto's server mode on 127.0.0.1:`port`: an S3 API standing in for the object store (S3, R2,
    MinIO) that every app server of a production site shares."""

    def __init__(self, *, port: int, log_path: Path) -> None:
        super().__init__(port=port, env={**os.environ, **S3_CREDENTIALS}, log_path=log_path)

    def command(self) -> list[str]:
        return [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.port)]

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.base_url,
            aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=S3_CREDENTIALS["AWS_DEFAULT_REGION"],
        )

    def create_buckets(self, *, public: str, private: str) -> None:
        """Two buckets as a production site has them: anyone may read the public one's objects
        (portraits, story photos); the private one keeps the store's default, owner only."""
        client = self.client()
        client.create_bucket(Bucket=public)
        client.create_bucket(Bucket=private)
        anyone_may_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{public}/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=public, Policy=json.dumps(anyone_may_read))

"""nginx in front of gunicorn: deploy/nginx/*.conf filled in, and nginx run from a folder of its own.

On a server, print the site's configuration for Debian's nginx (README, "Deploying"):

    .venv/bin/python deploy/nginx.py --server-name attachment.example.org \\
        --static-root /srv/attachment-portal/staticfiles --media-root /srv/attachment-portal/media \\
        > /etc/nginx/sites-enabled/attachment-portal

`make serve` (deploy/serve.py), tests/test_nginx_front.py and bench/slow_clients.py use `Nginx`,
which writes both templates into a prefix folder and runs nginx there, in the foreground, with
everything it writes inside that folder.
"""

import argparse
import os
import pwd
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NGINX = Path("/usr/sbin/nginx")
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
DEFAULT_UPSTREAM = "unix:/run/attachment-portal/gunicorn.sock"
DEFAULT_MAINTENANCE_FILE = Path("/run/attachment-portal/maintenance")
DEFAULT_INCLUDES = "/etc/attachment-portal/nginx/*.conf"


@dataclass(frozen=True)
class Site:
    """What portal.conf needs to know about one installation."""

    listen: str  # "80", or "127.0.0.1:8080"
    server_name: str  # the host names, space-separated, as in ALLOWED_HOSTS
    upstream: str  # gunicorn: "unix:/path/to/gunicorn.sock" or "127.0.0.1:8000"
    static_root: Path  # STATIC_ROOT, after collectstatic
    media_root: Path  # MEDIA_ROOT
    error_pages: Path  # where render_error_pages wrote (STATIC_ROOT/errors by default)
    maintenance_file: Path  # every page answers 503 while it exists
    includes: str = DEFAULT_INCLUDES  # extra server directives (TLS); a pattern that matches nothing is fine
    # Host as Django sees it: "$host" drops any port, which is right on 80 and 443 but not on 8080.
    host_header: str = "$host"
    # "$scheme" where nginx ends TLS; "$http_x_forwarded_proto" behind a load balancer that does.
    forwarded_proto: str = "$scheme"


def fill(template: str, values: dict[str, str]) -> str:
    """Every @NAME@ replaced. A name without a value is an error here, not a broken file for nginx."""
    missing = set(PLACEHOLDER.findall(template)) - values.keys()
    if missing:
        raise KeyError(f"no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def _path(path: Path) -> str:
    if any(character.isspace() or character in ";{}" for character in str(path)):
        raise ValueError(f"a path in the nginx configuration may not contain spaces, ';' or braces: {path}")
    return str(path)


def site_config(site: Site) -> str:
    """portal.conf for this installation: an http-context file."""
    return fill(
        (HERE / "nginx" / "portal.conf").read_text(),
        {
            "LISTEN": site.listen,
            "SERVER_NAME": site.server_name,
            "UPSTREAM": site.upstream,
            "STATIC_ROOT": _path(site.static_root),
            "MEDIA_ROOT": _path(site.media_root),
            "ERROR_PAGES": _path(site.error_pages),
            "MAINTENANCE_FILE": _path(site.maintenance_file),
            "INCLUDES": site.includes,
            "HOST_HEADER": site.host_header,
            "FORWARDED_PROTO": site.forwarded_proto,
        },
    )


def main_config(*, prefix: Path, error_log: str) -> str:
    """nginx.conf for a self-contained run from `prefix`, including prefix/portal.conf."""
    # Started by root, nginx hands its workers to `nobody`, who could not read a private temporary
    # folder (pytest's, mkdtemp's) nor write to the temporary paths: they keep the starting user.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    return fill(
        (HERE / "nginx" / "nginx.conf").read_text(),
        {"PREFIX": _path(prefix), "ERROR_LOG": error_log, "USER": user},
    )


class Nginx:
    """nginx serving `site` from `prefix` (its configuration, pid, logs and temporary files).

    Use it as a context manager: nginx is started in the foreground, checked to listen on the
    site's port of 127.0.0.1, and stopped (its whole process group) on the way out, whatever
    happened inside."""

    def __init__(self, *, site: Site, prefix: Path, error_log: str | None = None) -> None:
        self.site = site
        self.prefix = prefix
        self.error_log = error_log or str(prefix / "logs" / "error.log")
        self.process: subprocess.Popen | None = None

    @property
    def port(self) -> int:
        return int(self.site.listen.rpartition(":")[2])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *extra: str) -> list[str]:
        config = self.prefix / "nginx.conf"
        return [str(NGINX), "-p", str(self.prefix), "-c", str(config), "-e", self.error_log, *extra]

    def write_config(self) -> None:
        for folder in ("logs", "temp"):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        (self.prefix / "portal.conf").write_text(site_config(self.site))
        (self.prefix / "nginx.conf").write_text(main_config(prefix=self.prefix, error_log=self.error_log))

    def __enter__(self) -> "Nginx":
        self.write_config()
        check = subprocess.run(self.command("-t", "-q"), capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused {self.prefix / 'nginx.conf'}:\n{check.stderr}")
        self.process = subprocess.Popen(self.command("-g", "daemon off;"), start_new_session=True)
        try:
            self.wait_until_listening()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_listening(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx on port {self.port} exited; see {self.error_log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        """A fast stop (SIGTERM): a graceful one would wait for slow clients to finish. SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="Print portal.conf for one installation (README, 'Deploying').")
    parser.add_argument("--server-name", required=True, help="the site's host names, as in ALLOWED_HOSTS")
    parser.add_argument("--static-root", type=Path, required=True, help="STATIC_ROOT, where collectstatic wrote")
    parser.add_argument("--media-root", type=Path, required=True, help="MEDIA_ROOT")
    parser.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    parser.add_argument("--upstream", default=DEFAULT_UPSTREAM, help=f"gunicorn (default {DEFAULT_UPSTREAM})")
    parser.add_argument("--error-pages", type=Path, help="render_error_pages' folder (default STATIC_ROOT/errors)")
    parser.add_argument("--maintenance-file", type=Path, default=DEFAULT_MAINTENANCE_FILE)
    parser.add_argument("--includes", default=DEFAULT_INCLUDES, help="extra server directives, such as TLS")
    parser.add_argument("--forwarded-proto", default="$scheme", help="'$http_x_forwarded_proto' behind a TLS proxy")
    options = parser.parse_args()
    site = Site(
        listen=options.listen,
        server_name=options.server_name,
        upstream=options.upstream,
        static_root=options.static_root,
        media_root=options.media_root,
        error_pages=options.error_pages or options.static_root / "errors",
        maintenance_file=options.maintenance_file,
        includes=options.includes,
        forwarded_proto=options.forwarded_proto,
    )
    print(site_config(site), end="")


if __name__ == "__main__":
    main()

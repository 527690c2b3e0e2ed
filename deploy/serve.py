"""`make serve`: nginx on http://127.0.0.1:8080 in front of gunicorn on a Unix socket, as in production.

    .venv/bin/python deploy/serve.py [--port 8080]

Run after migrate, collectstatic and render_error_pages (`make serve` does all four). Both servers run
in the foreground with their logs here; Ctrl-C stops both, and so does either one stopping. The
settings come from the environment or .env, as for any other command; gunicorn is told that one
proxy (nginx) is in front of it (AXES_PROXY_COUNT=1) unless the environment says otherwise.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.nginx import NGINX, Nginx, Site  # noqa: E402

GUNICORN = Path(sys.executable).with_name("gunicorn")


def django_folders() -> tuple[Path, Path]:
    """STATIC_ROOT and MEDIA_ROOT as the settings read them here, so as collectstatic wrote."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attachment_portal.settings")
    from django.conf import settings

    return Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)


def start_gunicorn(socket_path: Path) -> subprocess.Popen:
    env = {**os.environ, "AXES_PROXY_COUNT": os.environ.get("AXES_PROXY_COUNT", "1")}
    command = [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"unix:{socket_path}"]
    # A process group of its own: Ctrl-C reaches this script, which stops both servers in order.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def wait_for_socket(socket_path: Path, gunicorn: subprocess.Popen, timeout: float = 60) -> None:
    """gunicorn creates its socket once the app is loaded; requests wait there for a worker."""
    deadline = time.monotonic() + timeout
    while not socket_path.exists():
        if gunicorn.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("gunicorn did not start; see its output above.")
        time.sleep(0.1)


def stop(process: subprocess.Popen, *, grace: float) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1 (default 8080)")
    options = parser.parse_args()
    if not NGINX.exists():
        print(f"nginx is not installed at {NGINX} (apt-get install nginx)", file=sys.stderr)
        return 2
    # Also when started in the background, where SIGINT would otherwise be ignored.
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    static_root, media_root = django_folders()

    with tempfile.TemporaryDirectory(prefix="attachment-portal-serve-") as folder:
        run = Path(folder)
        socket_path = run / "gunicorn.sock"
        site = Site(
            listen=f"127.0.0.1:{options.port}",
            server_name="127.0.0.1 localhost",
            upstream=f"unix:{socket_path}",
            static_root=static_root,
            media_root=media_root,
            error_pages=static_root / "errors",
            maintenance_file=run / "maintenance",
            includes=str(run / "site.d" / "*.conf"),
            host_header="$host:$server_port",
        )
        gunicorn = start_gunicorn(socket_path)
        try:
            wait_for_socket(socket_path, gunicorn)
            with Nginx(site=site, prefix=run / "nginx", error_log="stderr") as nginx:
                print(f"Serving on {nginx.base_url}/ (nginx, then gunicorn on {socket_path}); Ctrl-C stops both.")
                print(f"Maintenance page: touch {site.maintenance_file}", flush=True)
                while gunicorn.poll() is None and nginx.process.poll() is None:
                    time.sleep(0.5)
                print("A server stopped; stopping the other.", file=sys.stderr)
                return 1
        except KeyboardInterrupt:
            return 0
        finally:
            stop(gunicorn, grace=35)


if __name__ == "__main__":
    sys.exit(main())

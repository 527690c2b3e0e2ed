"""Slow clients against gunicorn alone, then against nginx in front of it: /healthz while they hold.

    .venv/bin/python bench/slow_clients.py [--clients 50] [--seconds 15] [--workers N]

Each slow client opens a connection to 127.0.0.1 and sends a request header a line at a time, a line
every 2 s, never finishing it: what a phone on a poor connection, or a deliberate "slowloris", looks
like to a server. gunicorn's threads each wait for a whole request header, so a few such clients take
every thread and everyone else waits; nginx reads any number of headers at once, passes gunicorn only
whole requests, and drops a client whose header is not complete within 10 s.

Both scenarios run gunicorn.conf.py with production settings (DEBUG off; a throwaway SQLite database
and a no-op cache, which gunicorn.conf.py counts as shared, so as many workers as with Redis), only on
127.0.0.1, and each lasts --seconds (at most 60) with at most 200 clients.
Exit status 0 when gunicorn alone stalled and nginx in front did not, 1 otherwise, 2 without nginx.
"""

import argparse
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import GUNICORN, Gunicorn, free_port, production_env  # noqa: E402
from deploy.nginx import NGINX, Nginx, Site  # noqa: E402

MAX_CLIENTS = 200
MAX_SECONDS = 60
FAST_ENOUGH = 1.0  # seconds: a health check slower than this would fail a load balancer's probe


class SlowClients:
    """`count` connections to 127.0.0.1:`port`, each sending an unfinished request header a line every
    `interval` seconds from a background thread, for at most `seconds`.

    Use it as a context manager: every connection is closed on the way out. `connected` counts those
    the server has not closed (or answered) yet."""

    def __init__(
        self, *, port: int, count: int = 50, interval: float = 2.0, seconds: float = 15.0, ramp: float = 1.0
    ) -> None:
        if not 0 < count <= MAX_CLIENTS or not 0 < seconds <= MAX_SECONDS:
            raise ValueError(f"at most {MAX_CLIENTS} clients for at most {MAX_SECONDS} s")
        self.port = port
        self.count = count
        self.interval = interval
        self.seconds = seconds
        # Opened over this long, as clients arrive, not in one burst: a burst is accepted by whichever
        # gunicorn worker wakes first, which leaves the others idle and hides the stall.
        self.ramp = ramp
        self.sockets: list[socket.socket] = []
        self.closed_by_server: set[socket.socket] = set()
        self.started = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._hold, daemon=True)

    @property
    def connected(self) -> int:
        return len(self.sockets) - len(self.closed_by_server)

    def __enter__(self) -> "SlowClients":
        self.started = time.monotonic()
        try:
            for _ in range(self.count):
                client = socket.create_connection(("127.0.0.1", self.port), timeout=2)
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                self.sockets.append(client)
                time.sleep(self.ramp / self.count)
        except BaseException:
            self._close()
            raise
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        self._close()

    def _hold(self) -> None:
        line = 0
        deadline = self.started + self.seconds
        while not self._stop.wait(self.interval) and time.monotonic() < deadline:
            line += 1
            self._notice_closed()
            for client in self.sockets:
                if client not in self.closed_by_server:
                    try:
                        client.sendall(f"X-Slow-{line}: 1\r\n".encode())
                    except OSError:
                        self.closed_by_server.add(client)

    def _notice_closed(self) -> None:
        """A connection the server closed, or answered (408, 400), reads as ready: it is done holding."""
        holding = [client for client in self.sockets if client not in self.closed_by_server]
        readable, _, _ = select.select(holding, [], [], 0) if holding else ([], [], [])
        self.closed_by_server.update(readable)

    def _close(self) -> None:
        for client in self.sockets:
            client.close()


@dataclass(frozen=True)
class Probe:
    at: float  # seconds after the slow clients connected
    status: int | None  # None: no answer within the timeout
    seconds: float


def probe(url: str, *, timeout: float) -> tuple[int | None, float]:
    """(status, seconds) of one GET on a new connection; status None when nothing came back in time."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None, time.monotonic() - started


def measure(*, slow_port: int, url: str, clients: int, seconds: float, probe_timeout: float = 3.0) -> list[Probe]:
    """/healthz about once a second while `clients` slow clients hold connections to `slow_port`."""
    probes = []
    with SlowClients(port=slow_port, count=clients, seconds=seconds) as slow:
        while (at := time.monotonic() - slow.started) < seconds - 1:
            status, took = probe(url, timeout=probe_timeout)
            probes.append(Probe(at=at, status=status, seconds=took))
            answer = f"{status} in {took * 1000:6.0f} ms" if status else f"no answer within {probe_timeout:.0f} s"
            print(f"  {at:5.1f} s  /healthz {answer:<26} slow clients still connected: {slow.connected}")
            time.sleep(max(0.0, 1.0 - took))
    return probes


def summary(probes: list[Probe]) -> str:
    fast = sum(1 for each in probes if each.status == 200 and each.seconds < FAST_ENOUGH)
    worst = max(each.seconds for each in probes)
    return f"{fast} of {len(probes)} health checks answered 200 within {FAST_ENOUGH:.0f} s; slowest {worst:.2f} s"


def gunicorn_processes(env: dict) -> str:
    """gunicorn.conf.py's workers and threads in this environment, as gunicorn itself reads them."""
    output = subprocess.run(
        [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "--print-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    values = dict(re.findall(r"^(workers|threads)\s+= (\d+)$", output, re.MULTILINE))
    return f"workers {values['workers']}, threads {values['threads']} each"


def wait_until_healthy(url: str, *, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe(url, timeout=1)[0] == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not recover within {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help=f"slow clients (default 50, at most {MAX_CLIENTS})")
    parser.add_argument("--seconds", type=float, default=15, help=f"per scenario (default 15, at most {MAX_SECONDS})")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: as gunicorn.conf.py decides)")
    options = parser.parse_args()
    if not 0 < options.clients <= MAX_CLIENTS or not 0 < options.seconds <= MAX_SECONDS:
        parser.error(f"at most {MAX_CLIENTS} clients for at most {MAX_SECONDS} s")
    if not NGINX.exists():
        print(f"nginx is not installed at {NGINX} (apt-get install nginx)", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="slow-clients-"))
    env = production_env(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        cache_url="dummycache://",
        cache_key_prefix="slow-clients",
        static_root=folder / "static",
        GUNICORN_ACCESS_LOG="",
        AXES_PROXY_COUNT="1",
        **({"WEB_CONCURRENCY": options.workers} if options.workers else {}),
    )
    site = Site(
        listen=f"127.0.0.1:{free_port()}",
        server_name="127.0.0.1",
        upstream=f"127.0.0.1:{free_port()}",
        static_root=folder / "static",
        media_root=folder / "media",
        error_pages=folder / "static" / "errors",
        maintenance_file=folder / "maintenance",
        includes=str(folder / "site.d" / "*.conf"),
        host_header="$host:$server_port",
    )
    gunicorn_port = int(site.upstream.rpartition(":")[2])
    try:
        with (
            Gunicorn(port=gunicorn_port, env=env, log_path=folder / "gunicorn.log") as gunicorn,
            Nginx(site=site, prefix=folder / "nginx") as nginx,
        ):
            print(f"gunicorn: {gunicorn_processes(env)}; nginx: {NGINX}\n")
            print(f"{options.clients} slow clients for {options.seconds:.0f} s, gunicorn alone ({gunicorn.base_url}):")
            alone = measure(
                slow_port=gunicorn.port,
                url=f"{gunicorn.base_url}/healthz",
                clients=options.clients,
                seconds=options.seconds,
            )
            print(f"  {summary(alone)}")
            wait_until_healthy(f"{gunicorn.base_url}/healthz")

            print(f"\n{options.clients} slow clients for {options.seconds:.0f} s, nginx in front ({nginx.base_url}):")
            fronted = measure(
                slow_port=nginx.port, url=f"{nginx.base_url}/healthz", clients=options.clients, seconds=options.seconds
            )
            print(f"  {summary(fronted)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    stalled = any(each.status != 200 or each.seconds >= FAST_ENOUGH for each in alone)
    steady = all(each.status == 200 and each.seconds < FAST_ENOUGH for each in fronted)
    return 0 if stalled and steady else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the portal at 10,000 synthetic officers on PostgreSQL: `make bench`.

It creates the database if it is missing, migrates, loads the seed and the synthetic data (kept
between runs when the count already matches), collects static files into a temporary folder,
counts each page's queries cached and uncached, starts gunicorn with gunicorn.conf.py and
production settings, drives each public URL with wrk at 127.0.0.1 for a bounded time, both as
cached and with a query parameter that keeps it out of the cache, and stops gunicorn whatever
happens. Then bench/inprocess.py times the admin pages and an officers import in one process.
It prints markdown tables and saves them in bench/results/. See bench/README.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import UNCACHED_PARAMETER, pages_with_story, showcase_story_slug, uncached  # noqa: E402
from bench.servers import (  # noqa: E402
    DEFAULT_REDIS_URL,
    Gunicorn,
    delete_cache_keys,
    ensure_database,
    free_port,
    postgres_reachable,
    production_env,
    redis_reachable,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
WRK = shutil.which("wrk")
STATIC_CSS = "css/portal.css"
CACHED, UNCACHED = "cached", "uncached"
# The in-process timings (bench/inprocess.py) take a few minutes, the import most; this bounds them.
INPROCESS_TIMEOUT = 1800
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def main() -> int:
    options = parse_arguments()
    if WRK is None:
        print("wrk is not installed. On Debian or Ubuntu: apt-get install -y wrk", file=sys.stderr)
        return 2
    if not postgres_reachable(options.database_url):
        print(f"PostgreSQL does not answer at {options.database_url}.", file=sys.stderr)
        return 2
    use_redis = not options.locmem and redis_reachable(options.redis_url)
    cache_url = options.redis_url if use_redis else "locmemcache://bench"
    cache_note = (
        f"Redis ({options.redis_url}, a fresh key prefix for this run)"
        if use_redis
        else "local memory (so a single gunicorn worker)"
    )
    if not options.locmem and not use_redis:
        print(f"Redis does not answer at {options.redis_url}: using local memory instead.", file=sys.stderr)
    prefix = f"bench-{uuid.uuid4().hex[:12]}"

    work_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = production_env(
        database_url=options.database_url,
        cache_url=cache_url,
        cache_key_prefix=prefix,
        static_root=work_dir / "static",
        MEDIA_ROOT=work_dir / "media",
    )
    try:
        if ensure_database(options.database_url):
            print(f"Created database {options.database_url}")
        facts = prepare(env, officers=options.officers, stories=options.stories, regenerate=options.regenerate)
        static = ("static CSS", "", f"/static/{facts['static_css']}")
        pages = [
            (name, cache, url)
            for name, path in pages_with_story(facts["story_slug"])
            for cache, url in ((CACHED, path), (UNCACHED, uncached(path)))
        ]
        print(f"Queries per request: {facts['queries']}")
        port = options.port or free_port()
        with Gunicorn(port=port, env=env, log_path=work_dir / "gunicorn.log") as server:
            load_before = os.getloadavg()[0]
            rows = measure_rounds(server.base_url, static=static, pages=pages, options=options)
            facts["load"] = (load_before, os.getloadavg()[0])
        report = render_report(rows, facts=facts, options=options, cache_note=cache_note)
        print(report)
        in_process = run_in_process(options, env=env, static_root=work_dir / "static", cache_key_prefix=prefix)
        print("\n" + in_process)
        report += "\n\n" + in_process
        save_report(report)
    except Exception:
        log = work_dir / "gunicorn.log"
        if log.exists():
            print(f"--- last lines of {log} ---\n" + "\n".join(log.read_text().splitlines()[-30:]), file=sys.stderr)
        raise
    finally:
        if use_redis:
            delete_cache_keys(options.redis_url, prefix)
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help=f"default {DEFAULT_DATABASE_URL}")
    parser.add_argument("--officers", type=int, default=10_000, help="synthetic officers (default 10000)")
    parser.add_argument("--stories", type=int, default=1_000, help="synthetic stories (default 1000)")
    parser.add_argument("--regenerate", action="store_true", help="replace the synthetic data even if it matches")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of every URL; the table gives medians (default 3)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of unmeasured load per URL in the first round (default 2)"
    )
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help=f"default {DEFAULT_REDIS_URL}")
    parser.add_argument("--locmem", action="store_true", help="use the local-memory cache instead of Redis")
    parser.add_argument(
        "--skip-admin", action="store_true", help="do not time the admin pages and the funder's report"
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=5_000,
        help="officers in the timed import, previewed and imported, then rolled back; 0 skips it (default 5000)",
    )
    return parser.parse_args()


def prepare(env: dict, *, officers: int, stories: int, regenerate: bool) -> dict:
    """Migrate, seed, load synthetic data and collect static files in this process (under the
    benchmark's environment), then count each page's queries per request, cached and uncached."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from devdata.synthetic import synthetic_officer_count
    from officers.models import GraduateStory

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_programme")
    if regenerate or synthetic_officer_count() != officers:
        call_command("generate_synthetic_data", clear=True, officers=officers, stories=stories)
    else:
        print(f"Keeping the {officers} synthetic officers already loaded (--regenerate replaces them).")
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
    slug = showcase_story_slug()
    return {
        "story_slug": slug,
        "static_css": manifest["paths"][STATIC_CSS],
        **count_queries([path for _, path in pages_with_story(slug)]),
        "officers": synthetic_officer_count(),
        "public_stories": GraduateStory.objects.public().count(),
        "postgresql": postgres_version(),
    }


def count_queries(paths: list[str]) -> dict:
    """Queries per request of each URL wrk will drive, and proof that the uncached ones render.

    For each page: the queries it runs right after a save (rendered once first, so per-process
    first-use queries are not counted), when the page and the counts kept once per change
    (core/once_per_change.py) are both stale; then on a repeat, when the cache answers; and its
    uncached variant twice in a row, which must run the same queries both times and leave no page in
    the cache, so every request wrk makes of it renders the page. Any variant that does not is listed
    under "cache_problems"."""
    from django.core.cache import cache
    from django.test import Client, RequestFactory

    from core.page_cache import invalidate_public_pages, page_key

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    factory = RequestFactory(HTTP_HOST="127.0.0.1")
    counts, after_save, problems = {}, {}, []
    for path in paths:
        variant = uncached(path)
        invalidate_public_pages()
        client.get(path)
        invalidate_public_pages()
        after_save[variant] = queries_of(client, path)
        counts[path] = queries_of(client, path)
        client.get(variant)
        renders = [queries_of(client, variant), queries_of(client, variant)]
        counts[variant] = renders[-1]
        if renders[0] != renders[1]:
            problems.append(f"`{variant}` ran {' and then '.join(renders)} queries on two requests in a row")
        if cache.get(page_key(factory.get(variant))) is not None:
            problems.append(f"`{variant}` was stored in the page cache")
    return {"queries": counts, "queries_after_save": after_save, "cache_problems": problems}


def queries_of(client, path: str) -> str:
    """The queries of one request, or the status in brackets when it is not a 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return str(len(queries)) if response.status_code == 200 else f"({response.status_code})"


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def measure_rounds(
    base_url: str, *, static: tuple[str, str, str], pages: list[tuple[str, str, str]], options
) -> list[dict]:
    """Every URL (each page cached, then uncached), `options.rounds` times over, with the static
    file before each URL and after the last. Each page run is compared with the static runs on
    either side of it, so a change in the machine's load counts against both alike; each row gives
    the medians over the rounds, so one disturbed run (a neighbour on a shared host) does not
    decide the table."""
    page_runs: dict[str, list[dict]] = {path: [] for _, _, path in pages}
    static_runs = []
    for round_number in range(options.rounds):
        warmup = options.warmup if round_number == 0 else 0
        static_runs.append(measure(base_url, *static, options, warmup=warmup))
        for name, cache, path in pages:
            run = measure(base_url, name, cache, path, options, warmup=warmup)
            static_runs.append(measure(base_url, *static, options, warmup=0))
            static_rps = (static_runs[-2]["rps"] + static_runs[-1]["rps"]) / 2
            page_runs[path].append({**run, "ratio": run["rps"] / static_rps if static_rps else 0})
    return [median_row(runs) for runs in page_runs.values()] + [median_row(static_runs)]


def measure(base_url: str, name: str, cache: str, path: str, options: argparse.Namespace, *, warmup: int) -> dict:
    url = base_url + path
    status = http_status(url)
    if warmup:
        run_wrk(url, options, duration=warmup)
    result = parse_wrk(run_wrk(url, options, duration=options.duration))
    return {"name": name, "cache": cache, "path": path, "status": status, **result}


def median_row(runs: list[dict]) -> dict:
    """One URL's runs as one row: the median of each figure, and how far apart the throughputs were."""
    throughputs = [run["rps"] for run in runs]
    middle = statistics.median(throughputs)
    return {
        **runs[0],
        **{figure: statistics.median(run[figure] for run in runs) for figure in ("rps", "p50", "p99")},
        "ratio": statistics.median(run.get("ratio", 1.0) for run in runs),
        "runs": len(runs),
        "spread": (max(throughputs) - min(throughputs)) / middle if middle else 0,
        "errors": ", ".join(run["errors"] for run in runs if run["errors"]),
    }


def http_status(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(url: str, options: argparse.Namespace, *, duration: int) -> str:
    command = [WRK, f"-t{options.threads}", f"-c{options.connections}", f"-d{duration}s", "--latency", url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def parse_wrk(output: str) -> dict:
    """Requests per second, p50 and p99 in milliseconds, and any errors wrk counted."""

    def percentile(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
        return float(value) * UNITS[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percentile("50"),
        "p99": percentile("99"),
        "errors": ", ".join(
            part
            for part in [
                f"{non_2xx.group(1)} non-2xx" if non_2xx else "",
                f"socket errors: {socket_errors.group(1)}" if socket_errors else "",
            ]
            if part
        ),
    }


def run_in_process(options: argparse.Namespace, *, env: dict, static_root: Path, cache_key_prefix: str) -> str:
    """bench/inprocess.py in its own process, under the benchmark's environment and cache key prefix
    (so the run's clean-up removes its keys too), once gunicorn has stopped: its markdown tables, or
    why there are none, so the public table is saved either way. Its progress goes to the terminal."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "inprocess.py"),
        "--database-url",
        options.database_url,
        "--redis-url",
        options.redis_url,
        "--static-root",
        str(static_root),
        "--cache-key-prefix",
        cache_key_prefix,
        "--import-rows",
        str(options.import_rows),
    ]
    if options.skip_admin:
        command.append("--skip-admin")
    print("\nIn one process (bench/inprocess.py): the pages uncached, the admin, the import...", file=sys.stderr)
    try:
        return subprocess.run(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True, timeout=INPROCESS_TIMEOUT
        ).stdout.strip()
    except subprocess.CalledProcessError as error:
        return f"The in-process timings failed (bench/inprocess.py exited with {error.returncode}; see above)."
    except subprocess.TimeoutExpired:
        return f"The in-process timings were stopped after {INPROCESS_TIMEOUT} s (bench/inprocess.py)."


def render_report(rows: list[dict], *, facts: dict, options: argparse.Namespace, cache_note: str) -> str:
    lines = [
        f"Benchmark of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {machine()}",
        f"PostgreSQL {facts['postgresql']}, {facts['officers']} synthetic officers, "
        f"{facts['public_stories']} public stories; cache: {cache_note}.",
        f"gunicorn: {gunicorn_shape()}; wrk: {options.threads} threads, {options.connections} connections, "
        f"{options.rounds} rounds of {options.duration} s per URL after {options.warmup} s of warm-up, "
        "medians of the rounds, at 127.0.0.1. "
        f"Load average {facts['load'][0]:.2f} before, {facts['load'][1]:.2f} after.",
        f"Uncached: the same URL with `{UNCACHED_PARAMETER}` added, a parameter no view reads, so every "
        "request renders the page and stores nothing.",
        "",
        "| page | cache | URL | status | queries per request (right after a save) | requests/s | p50 ms | p99 ms "
        "| vs static | runs |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        queries = facts["queries"].get(row["path"], "")
        if (after_save := facts["queries_after_save"].get(row["path"])) not in (None, queries):
            queries = f"{queries} ({after_save})"
        status = f"{row['status']} ({row['errors']})" if row["errors"] else str(row["status"])
        spread = f"{row['runs']} runs, {row['spread']:.0%} apart"
        lines.append(
            f"| {row['name']} | {row['cache']} | `{row['path']}` | {status} | {queries} | {row['rps']:,.0f} | "
            f"{row['p50']:.2f} | {row['p99']:.2f} | {row['ratio']:.0%} | {spread} |"
        )
    lines.append("")
    if facts["cache_problems"]:
        lines += ["The uncached URLs did not all render afresh:", *(f"- {p}" for p in facts["cache_problems"])]
    else:
        lines.append(
            "Checked before the run: each uncached URL ran the same queries on two requests in a row and left "
            "nothing in the page cache. In brackets, the queries of the first request after a save, which also "
            "counts what the pages keep once per change of the records."
        )
    return "\n".join(lines)


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
            if line.startswith("Model name")
        ),
        platform.processor(),
    )
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cores} cores ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def gunicorn_shape() -> str:
    output = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", str(ROOT / "gunicorn.conf.py"), "--print-config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    settings = dict(re.findall(r"^(workers|threads|worker_class)\s+= (\S+)", output, re.MULTILINE))
    return f"{settings.get('workers')} {settings.get('worker_class')} workers x {settings.get('threads')} threads"


def save_report(report: str) -> None:
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.md"
    path.write_text(report + "\n")
    print(f"\nSaved to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

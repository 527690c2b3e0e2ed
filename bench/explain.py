"""EXPLAIN ANALYZE every query the public pages run, on the benchmark's PostgreSQL database.

    .venv/bin/python bench/explain.py [--database-url URL] [--plans] [--slowest N]

Run `make bench` (or `bench/run.py`) first so the database holds the seed and 10,000 synthetic
officers. Each page is rendered uncached in this process with the portal's own views; each SELECT it
ran is explained with ANALYZE, and the table lists its time and any sequential scan of a table with
more than a thousand rows: the sign of a missing index.
"""

import argparse
import os
import re
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import DEFAULT_REDIS_URL, delete_cache_keys, production_env  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
BIG_TABLE_ROWS = 1000
ADMIN_CHANGELISTS = [
    "/admin/officers/officer/",
    "/admin/officers/officer/?country__exact=VN",
    "/admin/officers/placement/",
    "/admin/officers/careermilestone/",
    "/admin/officers/graduatestory/",
    "/admin/batches/batch/",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--plans", action="store_true", help="print every plan in full")
    parser.add_argument("--slowest", type=int, default=5, help="print the plans of the N slowest queries")
    parser.add_argument("--admin", action="store_true", help="also the main admin changelists, as a superuser")
    parser.add_argument("paths", nargs="*", help="only these pages (default: every public page and filter)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    options = parser.parse_args()
    # Production settings want a shared cache: Redis, under a prefix of this run's own, emptied at the end.
    prefix = f"bench-explain-{uuid.uuid4().hex[:12]}"
    try:
        return explain(options, prefix)
    finally:
        delete_cache_keys(options.redis_url, prefix)


def explain(options: argparse.Namespace, prefix: str) -> int:
    os.environ.update(
        production_env(
            database_url=options.database_url,
            cache_url=options.redis_url,
            cache_key_prefix=prefix,
            static_root=Path(tempfile.mkdtemp(prefix="portal-explain-")),
            STAFF_REQUIRE_OTP="false",
        )
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    sizes = table_sizes()
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    paths = options.paths or sample_paths()
    if options.admin:
        client.force_login(bench_superuser())
        paths += ADMIN_CHANGELISTS
    results = [result for path in paths for result in explain_page(client, path, sizes)]
    print("| page | query | ms | sequential scans of big tables |")
    print("|---|---|---|---|")
    for result in results:
        print(f"| `{result['path']}` | {result['summary']} | {result['ms']:.2f} | {', '.join(result['seq_scans'])} |")
    shown = results if options.plans else sorted(results, key=lambda r: -r["ms"])[: options.slowest]
    for result in shown:
        print(f"\n### {result['path']} ({result['ms']:.2f} ms)\n{result['sql']}\n\n{result['plan']}")
    return 0


def sample_paths() -> list[str]:
    """The public pages and filters, with a synthetic story, graduate and batch to look at."""
    from batches.models import Batch
    from officers.models import GraduateStory, Officer

    story = GraduateStory.objects.public().filter(is_synthetic=True).order_by("id").first()
    graduate = Officer.objects.public().filter(is_synthetic=True).order_by("id").first()
    batch = Batch.objects.filter(is_synthetic=True).select_related("track").order_by("id").first()
    paths = [
        "/",
        "/stories/",
        "/stories/?page=40",
        "/stories/?country=VN",
        "/stories/?track=junior-diplomats",
        "/stories/?country=VN&track=junior-diplomats",
        "/stories/?q=consensus",
        "/statistics/",
        "/programme/",
        "/programme/junior-diplomats/",
        "/feed/",
    ]
    if batch:
        paths += [f"/stories/?track={batch.track.slug}&batch={batch.number}", batch.get_absolute_url()]
    if story:
        paths.append(story.get_absolute_url())
    if graduate:
        paths.append(graduate.get_absolute_url())
    return paths


def bench_superuser():
    """A superuser of the benchmark database only, with an unusable password: it signs in here, nowhere else."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="bench-explain", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def explain_page(client, path: str, table_rows: dict[str, float]) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    if status != 200:
        print(f"{path} answered {status}; its queries are not explained.", file=sys.stderr)
        return []
    results = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            results.append(
                {
                    "path": path,
                    "sql": sql,
                    "summary": summarise(sql),
                    "plan": plan,
                    "ms": float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)),
                    "seq_scans": big_sequential_scans(plan, table_rows),
                }
            )
    return results


def summarise(sql: str) -> str:
    """The main table and the start of its filter, enough to recognise the query."""
    outer = without_subqueries(sql)
    table = re.search(r'FROM "(\w+)"', outer)
    where = re.search(r"WHERE (.{0,70})", outer)
    return f"{table.group(1) if table else '?'}{': ' + where.group(1) if where else ''}".replace("|", "/")


def without_subqueries(sql: str) -> str:
    """`(SELECT ...)` groups replaced by `(subquery)`, parentheses balanced."""
    kept, depth, start = [], 0, None
    for index, char in enumerate(sql):
        if start is None and char == "(" and sql[index + 1 : index + 7].upper() == "SELECT":
            start, depth = index, 0
        if start is None:
            kept.append(char)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            kept.append("(subquery)")
            start = None
    return "".join(kept)


def big_sequential_scans(plan: str, table_rows: dict[str, float]) -> list[str]:
    """Tables of more than a thousand rows read whole, with the rows kept and the times read."""
    scans = re.findall(r"Seq Scan on (\w+).*?actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)", plan)
    return sorted(
        {
            f"{table} ({int(table_rows[table])} rows, {kept} kept, x{loops})"
            for table, kept, loops in scans
            if table_rows.get(table, 0) > BIG_TABLE_ROWS
        }
    )


def table_sizes() -> dict[str, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


if __name__ == "__main__":
    sys.exit(main())

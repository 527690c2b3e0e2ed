"""Time the public pages uncached, the admin pages and an officers import in one process, warm, on the
benchmark's database.

    .venv/bin/python bench/inprocess.py [--database-url URL] [--skip-public] [--skip-admin] [--import-rows N]

`make bench` (bench/run.py) runs it after its wrk runs; run alone, it uses the database as `make
bench` left it. An anonymous visitor opens each public page of bench/pages.py with a parameter no
view reads, so each is rendered afresh: the server's own work for a page the cache does not hold,
without the network, gunicorn or the load generator sharing the cores. An editor (a staff member in
the editors group, with no second factor asked in this process) opens each admin page. Each through
Django's test client: the medians of a few runs after warm-up ones, and each page's query count. Then
an officers spreadsheet of N new officers is previewed and imported as the admin does it, inside a
transaction rolled back at the end, so the database is left as it was. Markdown tables go to stdout,
progress to stderr. See bench/README.md.
"""

import argparse
import csv
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import public_pages, showcase_story, uncached  # noqa: E402
from bench.servers import (  # noqa: E402
    DEFAULT_REDIS_URL,
    delete_cache_keys,
    postgres_reachable,
    production_env,
    redis_reachable,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
EDITOR_USERNAME = "bench-editor"
IMPORT_FILE_NAME = "bench-officers.csv"
IMPORT_COLUMNS = [
    "full_name",
    "country",
    "honorific",
    "gender",
    "home_organisation",
    "position_at_nomination",
    "email",
]


def main() -> int:
    options = parse_arguments()
    if not postgres_reachable(options.database_url):
        print(f"PostgreSQL does not answer at {options.database_url}.", file=sys.stderr)
        return 2
    # Production settings refuse a cache of one process's own: the admin runs on Redis as it does live.
    if not redis_reachable(options.redis_url):
        print(f"Redis does not answer at {options.redis_url}.", file=sys.stderr)
        return 2
    prefix = options.cache_key_prefix or f"bench-inprocess-{uuid.uuid4().hex[:12]}"
    collected = None if options.static_root else Path(tempfile.mkdtemp(prefix="portal-inprocess-"))
    os.environ.update(
        production_env(
            database_url=options.database_url,
            cache_url=options.redis_url,
            cache_key_prefix=prefix,
            static_root=options.static_root or collected,
            STAFF_REQUIRE_OTP="false",
        )
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command

        if collected:
            call_command("collectstatic", interactive=False, verbosity=0)
        editor = bench_editor()
        tables = []
        if not options.skip_public:
            title = "Public pages uncached, as an anonymous visitor"
            tables.append(render_pages_table(title, time_public_pages(options), options))
        if not options.skip_admin:
            title = "Admin pages as an editor"
            tables.append(render_pages_table(title, time_admin_pages(editor, options), options))
        if options.import_rows:
            tables.append(render_import_table(time_import(editor, rows=options.import_rows)))
        print("\n\n".join(tables))
    finally:
        delete_cache_keys(options.redis_url, prefix)
        if collected:
            shutil.rmtree(collected, ignore_errors=True)
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help=f"default {DEFAULT_DATABASE_URL}")
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help=f"the cache (default {DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--static-root", type=Path, help="collected static files to use (default: collect into a temporary folder)"
    )
    parser.add_argument("--cache-key-prefix", help="the cache keys' prefix, deleted at the end (default: a fresh one)")
    parser.add_argument("--runs", type=int, default=7, help="timed requests of each page (default 7)")
    parser.add_argument("--warmup-runs", type=int, default=2, help="untimed requests before them (default 2)")
    parser.add_argument("--skip-public", action="store_true", help="do not time the public pages uncached")
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


def bench_editor():
    """A staff member in the editors group, of the benchmark database only, with an unusable
    password: not a superuser, so every permission check runs as it does for the secretariat."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from officers.roles import EDITOR

    user, created = get_user_model().objects.get_or_create(username=EDITOR_USERNAME, defaults={"is_staff": True})
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def admin_pages() -> list[tuple[str, str]]:
    """The main changelists, the change forms of a synthetic officer with a placement, the seeded
    story the public benchmark shows and a synthetic batch (fifty placements), and the funder's report."""
    from django.urls import reverse

    from batches.models import Batch
    from officers.models import Officer

    pages = [
        ("officers", reverse("admin:officers_officer_changelist")),
        ("placements", reverse("admin:officers_placement_changelist")),
        ("career milestones", reverse("admin:officers_careermilestone_changelist")),
        ("graduate stories", reverse("admin:officers_graduatestory_changelist")),
        ("batches", reverse("admin:batches_batch_changelist")),
    ]
    officer = Officer.objects.filter(is_synthetic=True, placements__isnull=False).order_by("pk").first()
    story = showcase_story()
    batch = Batch.objects.filter(is_synthetic=True, placements__isnull=False).order_by("pk").first()
    for name, record, url_name in [
        ("one officer", officer, "admin:officers_officer_change"),
        ("one story", story, "admin:officers_graduatestory_change"),
        ("one batch", batch, "admin:batches_batch_change"),
    ]:
        if record is None:
            print(f"No record for the change form of {name}: skipped.", file=sys.stderr)
        else:
            pages.append((name, reverse(url_name, args=[record.pk])))
    pages.append(("funder's report", reverse("admin:funder_report")))
    return pages


def time_pages(
    client, pages: list[tuple[str, str]], options: argparse.Namespace, *, after_saves: bool = False
) -> list[dict]:
    """Each page requested `warmup_runs` times untimed, once with its queries counted, then
    `runs` times timed (without counting, which would add its own cost). With `after_saves`, also
    `runs` times each right after a save: what the pages keep once per change of the records
    (core/once_per_change.py) is then computed afresh too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import invalidate_public_pages

    rows = []
    for name, path in pages:
        print(f"  {path}", file=sys.stderr)
        for _ in range(options.warmup_runs):
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Counted now: the context reads the connection's log, which the next request clears.
        query_count = len(queries)
        times, times_after_save = [], []
        for _ in range(options.runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        for _ in range(options.runs if after_saves else 0):
            invalidate_public_pages()
            start = time.perf_counter()
            client.get(path)
            times_after_save.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "name": name,
                "path": path,
                "status": response.status_code,
                "queries": query_count,
                "median": statistics.median(times),
                "fastest": min(times),
                "slowest": max(times),
                "kb": len(response.content) / 1024,
                "after_save": statistics.median(times_after_save) if times_after_save else None,
            }
        )
    return rows


def time_public_pages(options: argparse.Namespace) -> list[dict]:
    """The benchmark's public pages, uncached, as an anonymous visitor: each request renders the page."""
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    return time_pages(client, [(name, uncached(path)) for name, path in public_pages()], options, after_saves=True)


def time_admin_pages(editor, options: argparse.Namespace) -> list[dict]:
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    return time_pages(client, admin_pages(), options)


def officers_csv(rows: int) -> str:
    """A spreadsheet of `rows` new officers as staff would fill it in: distinct names and emails,
    the four CLMV countries in turn, each officer's home organisation one of their country's."""
    from officers.countries import Country
    from officers.models import Organisation

    names_per_country: dict[tuple[str, str], int] = {}
    for organisation in Organisation.objects.exclude(country=""):
        key = (organisation.country, organisation.name.lower())
        names_per_country[key] = names_per_country.get(key, 0) + 1
    # Only names that are one organisation in their country, so the row's country settles which.
    organisations = {
        code: sorted(
            o.name for o in Organisation.objects.filter(country=code) if names_per_country[(code, o.name.lower())] == 1
        )
        for code in Country.values
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(IMPORT_COLUMNS)
    for number in range(1, rows + 1):
        country = Country.values[number % len(Country.values)]
        choices = organisations[country]
        female = number % 2 == 0
        writer.writerow(
            [
                f"Bench Import Officer {number:05d}",
                country,
                "Ms." if female else "Mr.",
                "female" if female else "male",
                choices[number % len(choices)] if choices else "",
                "Third Secretary",
                f"bench.import.{number:05d}@example.org",
            ]
        )
    return out.getvalue()


def time_import(editor, *, rows: int) -> dict:
    """The officers import's two steps as the admin runs them, each from the file's text: the preview
    (`import_data` with dry_run) and the import itself. Both run inside one transaction that is rolled
    back at the end, so nothing stays; what the import would do after commit (ANALYZE, the page cache's
    new generation) is dropped with it."""
    from django.conf import settings
    from django.db import connection, transaction
    from import_export.results import RowResult

    from core.imports.formats import SafeCSV
    from officers.models import Officer
    from officers.resources import OfficerResource

    cap = settings.IMPORT_MAX_ROWS
    if rows > cap:
        settings.IMPORT_MAX_ROWS = rows
    content = officers_csv(rows)
    officers_before = Officer.objects.count()
    steps = []
    with transaction.atomic():
        for step, dry_run in [("preview", True), ("import", False)]:
            print(f"  {step} of {rows:,} officers", file=sys.stderr)
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                start = time.perf_counter()
                dataset = SafeCSV().create_dataset(content)
                result = OfficerResource(for_user=editor).import_data(
                    dataset,
                    dry_run=dry_run,
                    raise_errors=False,
                    file_name=IMPORT_FILE_NAME,
                    user=editor,
                    retain_instance_in_row_result=not dry_run,
                )
                seconds = time.perf_counter() - start
            steps.append(
                {
                    "step": step,
                    "seconds": seconds,
                    "queries": counter.count,
                    "new": result.totals[RowResult.IMPORT_TYPE_NEW],
                    "errors": import_problems(result),
                }
            )
        transaction.set_rollback(True)
    return {
        "rows": rows,
        "cap": cap,
        "steps": steps,
        "officers": (officers_before, Officer.objects.count()),
    }


class QueryCounter:
    """Counts the queries run while it wraps the connection. Unlike the connection's query log,
    which keeps the last 9,000, it counts every one of an import's."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def import_problems(result) -> str:
    """'none', or what went wrong: the first error, or how many rows were refused and the first reason."""
    if result.has_errors():
        errors = result.base_errors or result.row_errors()[0][1]
        problem = f"error: {errors[0].error}"
    elif result.has_validation_errors():
        first = result.invalid_rows[0]
        problem = f"{len(result.invalid_rows):,} rows refused, row {first.number}: {first.error_dict}"
    else:
        return "none"
    return problem[:200].replace("|", "/").replace("\n", " ")


def render_pages_table(title: str, rows: list[dict], options: argparse.Namespace) -> str:
    # Pages timed right after saves too (the public ones) get a column for it.
    after_saves = any(row["after_save"] is not None for row in rows)
    columns = ["page", "URL", "status", "queries", "median ms", "fastest ms", "slowest ms"]
    columns += ["right after a save, median ms"] if after_saves else []
    lines = [
        f"{title}, in one process (Django's test client, DEBUG off): the median of {options.runs} "
        f"requests after {options.warmup_runs} untimed ones.",
        "",
        "| " + " | ".join([*columns, "KB"]) + " |",
        "|" + "---|" * (len(columns) + 1),
    ]
    for row in rows:
        cells = [
            row["name"],
            f"`{row['path']}`",
            str(row["status"]),
            str(row["queries"]),
            f"{row['median']:.1f}",
            f"{row['fastest']:.1f}",
            f"{row['slowest']:.1f}",
        ]
        cells += [f"{row['after_save']:.1f}"] if after_saves else []
        lines.append("| " + " | ".join([*cells, f"{row['kb']:,.0f}"]) + " |")
    return "\n".join(lines)


def render_import_table(timing: dict) -> str:
    rows, cap = timing["rows"], timing["cap"]
    before, after = timing["officers"]
    lines = [
        f"Officers import of {rows:,} new officers ({', '.join(IMPORT_COLUMNS)}), read from CSV text at each step "
        f"as the admin does, in one transaction rolled back at the end ({before:,} officers before, {after:,} after).",
    ]
    if rows > cap:
        lines.append(
            f"The import's row limit (IMPORT_MAX_ROWS) is {cap:,}: raised to {rows:,} for this process only, "
            f"so one file of {rows:,} rows could be timed."
        )
    lines += [
        "",
        "| step | rows | new | seconds | rows/s | queries | queries/row | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for step in timing["steps"]:
        lines.append(
            f"| {step['step']} | {rows:,} | {step['new']:,} | {step['seconds']:.2f} | "
            f"{rows / step['seconds']:,.0f} | {step['queries']:,} | {step['queries'] / rows:.1f} | {step['errors']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

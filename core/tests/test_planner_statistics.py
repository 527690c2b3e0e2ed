"""After a bulk load the database's planner statistics are fresh, so the first visitors get good plans."""

import pytest
from django.core.management import call_command
from django.db import connection

from devdata.synthetic import generate_synthetic_data

pytestmark = pytest.mark.django_db


def planner_row_estimate(table: str) -> float | None:
    """What the planner believes the table holds, or None when it has no statistics for it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s AND reltuples >= 0 "
                "AND (SELECT count(*) FROM pg_statistic WHERE starelid = %s::regclass) > 0",
                [table, table],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            cursor.execute(
                "SELECT CAST(substr(stat, 1, instr(stat || ' ', ' ') - 1) AS REAL) FROM sqlite_stat1 WHERE tbl = %s",
                [table],
            )
        row = cursor.fetchone()
    return row[0] if row else None


def test_synthetic_data_leaves_the_planner_statistics_fresh(django_capture_on_commit_callbacks):
    call_command("seed_programme", verbosity=0)
    assert not planner_row_estimate("officers_placement")
    with django_capture_on_commit_callbacks(execute=True):
        generate_synthetic_data(officers=60, stories=5)
    assert planner_row_estimate("officers_placement") >= 60
    assert planner_row_estimate("officers_officer") >= 60


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's; SQLite is analysed only")
def test_on_postgresql_a_bulk_load_also_vacuums_the_tables_it_wrote():
    call_command("seed_programme", verbosity=0)
    # Outside a test's transaction, as the command runs: the tables are vacuumed once it commits.
    generate_synthetic_data(officers=60, stories=5)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, last_vacuum IS NOT NULL, n_dead_tup FROM pg_stat_user_tables "
            "WHERE relname IN ('officers_officer', 'officers_placement') ORDER BY relname"
        )
        rows = cursor.fetchall()
    assert rows == [("officers_officer", True, 0), ("officers_placement", True, 0)]

"""Fresh planner statistics after a bulk load.

PostgreSQL chooses each query's plan from statistics about the tables, which autovacuum refreshes
only some time after many rows arrive. Until then a filtered list may be planned as if the table
were empty (measured: 1 s a request straight after loading 10,000 officers, 45 ms after ANALYZE).
So whatever loads rows in bulk (synthetic data, a large import, a restore) analyses the tables it
wrote, after its transaction commits. SQLite keeps statistics the same way, with the same command.

On PostgreSQL the tables are vacuumed as well (`VACUUM (ANALYZE)`). A load that writes rows and then
updates them leaves the old versions behind until autovacuum comes: after the synthetic data,
officers_officer held 30,000 dead row versions beside 10,000 live ones, twice the pages for every
scan to read (8 MB, 4.3 MB after VACUUM). VACUUM also marks the pages all-visible, which lets counts
and joins read indexes alone. It cannot run inside a transaction, so there ANALYZE runs alone.
"""

from collections.abc import Iterable

from django.db import connections, models, transaction

# Fewer rows than this leave the statistics close enough: not worth a pass over the table.
BULK_ROWS = 500


def analyse_tables(model_classes: Iterable[type[models.Model]], *, using: str = "default") -> list[str]:
    """ANALYZE the tables of these models now, and on PostgreSQL outside a transaction VACUUM them
    too; returns the table names."""
    tables = sorted({model._meta.db_table for model in model_classes})
    connection = connections[using]
    vacuums = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuums else "ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    return tables


def analyse_after_commit(model_classes: Iterable[type[models.Model]], *, using: str = "default") -> None:
    """Analyse (and vacuum) these tables once the current transaction commits (now, outside one)."""
    chosen = list(model_classes)
    transaction.on_commit(lambda: analyse_tables(chosen, using=using), using=using)

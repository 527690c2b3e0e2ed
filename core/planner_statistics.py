"""Fresh planner statistics after a bulk load.

PostgreSQL chooses each query's plan from statistics about the tables, which autovacuum refreshes
only some time after many rows arrive. Until then a filtered list may be planned as if the table
were empty (measured: 1 s a request straight after loading 10,000 officers, 45 ms after ANALYZE).
So whatever loads rows in bulk (synthetic data, a large import, a restore) analyses the tables it
wrote, after its transaction commits. SQLite keeps statistics the same way, with the same command.
"""

from collections.abc import Iterable

from django.db import connections, models, transaction

# Fewer rows than this leave the statistics close enough: not worth a pass over the table.
BULK_ROWS = 500


def analyse_tables(model_classes: Iterable[type[models.Model]], *, using: str = "default") -> list[str]:
    """ANALYZE the tables of these models now; returns the table names."""
    tables = sorted({model._meta.db_table for model in model_classes})
    connection = connections[using]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables


def analyse_after_commit(model_classes: Iterable[type[models.Model]], *, using: str = "default") -> None:
    """ANALYZE these tables once the current transaction commits (now, outside one)."""
    chosen = list(model_classes)
    transaction.on_commit(lambda: analyse_tables(chosen, using=using), using=using)

"""`make restore BACKUP=file`: replace everything in the database with a backup_database file.

PostgreSQL: pg_restore drops and recreates every table in the dump, in one transaction.
SQLite: the database is emptied and the JSON loaded, in one transaction. Either way a failure
leaves the database as it was. Restore into the same version of the portal that made the backup
(after `migrate`), so the tables match.
"""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.management.commands.backup_database import run_client
from core.page_cache import invalidate_public_pages
from core.planner_statistics import analyse_tables

POSTGRES_MAGIC = b"PGDMP"


class Command(BaseCommand):
    help = "Replace everything in the database with a backup made by backup_database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="a file made by `manage.py backup_database`")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *args, backup: Path, database: str, interactive: bool, **options) -> None:
        if not backup.is_file():
            raise CommandError(f"No backup file at {backup}. Give one made by `manage.py backup_database`.")
        connection = connections[database]
        vendor = connection.vendor
        with backup.open("rb") as file:
            is_postgres_dump = file.read(len(POSTGRES_MAGIC)) == POSTGRES_MAGIC
        if is_postgres_dump != (vendor == "postgresql"):
            kind = "a PostgreSQL (pg_dump)" if is_postgres_dump else "a SQLite (JSON)"
            raise CommandError(f"{backup} is {kind} backup; the database here is {vendor}. Nothing was changed.")

        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"This replaces everything in the {vendor} database {name} with {backup}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled. Nothing was changed.")

        if vendor == "postgresql":
            # Our own idle connection must not hold locks on tables pg_restore is about to drop.
            connection.close()
            command = [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={name}",
                str(backup),
            ]
            run_client(command, settings_dict=connection.settings_dict)
        else:
            with transaction.atomic(using=database):
                # Emptied without post-migrate handlers: the backup brings its own content types,
                # permissions and groups, with the ids the other records point to.
                call_command("flush", interactive=False, database=database, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", str(backup), database=database, verbosity=0)
        # pg_restore sends no signals: the pages cached before the restore must go all the same.
        invalidate_public_pages()
        # A restored database starts with no planner statistics: the first visitors would pay for them.
        analyse_tables([m for m in apps.get_models() if m._meta.managed and not m._meta.proxy], using=database)
        self.stdout.write(f"Restored {backup} into the {vendor} database {name}.")

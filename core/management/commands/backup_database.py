"""`make backup`: the database named by DATABASE_URL, into backups/ with a timestamp.

PostgreSQL is dumped by pg_dump in its custom format (schema and data, restored by pg_restore);
SQLite as dumpdata-style JSON that loaddata reads: every record with its own primary key, so
restore_database can put it back into an emptied database as it was (natural keys would trip over
history rows that still name a since-deleted user). Unlike dumpdata, times keep their microseconds:
the order of history entries made within one millisecond is part of what must not be lost.
Sessions are left out: they are throwaway, and everyone simply signs in again after a restore.

A backup holds personal data, password hashes and second-factor secrets: the file is readable by
its owner only. Uploaded images live in media storage and are backed up with it, not here.
"""

import datetime
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.utils import timezone

# Left out of a SQLite backup (they are recreated by signing in, not restored).
EXCLUDED_FROM_JSON = {"sessions.session"}


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def all_records(using: str) -> Iterator[models.Model]:
    """Every row of every table this database holds, whatever a model's default manager leaves out."""
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed or opts.label_lower in EXCLUDED_FROM_JSON:
            continue
        if router.allow_migrate_model(using, model):
            yield from model._base_manager.using(using).order_by(opts.pk.name).iterator()


def dump_json(path: Path, *, using: str) -> None:
    with path.open("w", encoding="utf-8") as stream:
        serializers.serialize("json", all_records(using), stream=stream, cls=FullPrecisionEncoder)


def postgres_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for the connection, so the password never appears in a process list."""
    env = os.environ.copy()
    parts = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({name: str(value) for name, value in parts.items() if value})
    return env


def run_client(command: list[str], *, settings_dict: dict) -> None:
    try:
        result = subprocess.run(
            command, env=postgres_environment(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise CommandError(f"{command[0]} is not installed; install the PostgreSQL client tools.") from error
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


class Command(BaseCommand):
    help = "Back up the database (pg_dump for PostgreSQL, dumpdata for SQLite) into backups/ with a timestamp."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output-dir", type=Path, default=settings.BASE_DIR / "backups")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir: Path, database: str, **options) -> None:
        connection = connections[database]
        output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise CommandError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
        extension = "dump" if vendor == "postgresql" else "json"
        name = re.sub(r"[^\w-]+", "-", Path(str(connection.settings_dict["NAME"])).stem).strip("-") or "database"
        target = self._free_path(output_dir, f"{name}-{timezone.localtime():%Y%m%d-%H%M%S}", extension)
        # Written beside the target and renamed when complete: a failed backup leaves no file that looks whole.
        partial = target.with_name(f".{target.name}.partial")
        try:
            if vendor == "postgresql":
                command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
                run_client(command, settings_dict=connection.settings_dict)
            else:
                dump_json(partial, using=database)
            partial.chmod(0o600)
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up the {vendor} database {connection.settings_dict['NAME']} to {target}")

    @staticmethod
    def _free_path(directory: Path, stem: str, extension: str) -> Path:
        path, n = directory / f"{stem}.{extension}", 1
        while path.exists():
            n += 1
            path = directory / f"{stem}-{n}.{extension}"
        return path

"""A database created by the previous release migrates forward with every row intact.

`fixtures/previous_release.sqlite3` is a database that the release at commit 0f538ed created and filled:
its migrations, the seed facts, the demo logins and a little synthetic data, so every model of `batches`
and `officers` has rows, history rows included. `fixtures/previous_release.json` is what that release's
own `dumpdata` read from it. Here a copy of the database is migrated with today's code, and today's
`dumpdata` must still hold every one of those rows with every value it had. Fields a later migration adds
are allowed; a missing row or a changed value fails, naming the model, the primary key and the field.

Migrate and dumpdata run in a subprocess on that SQLite copy, whichever database the suite itself uses.

To rebuild the fixtures when a release ships (PYTHON is this project's `.venv/bin/python`, COMMIT the
release's commit id, PROJECT this checkout):

    git worktree add /tmp/prev $COMMIT && cd /tmp/prev
    export DATABASE_URL=sqlite:////tmp/prev/previous_release.sqlite3 DEBUG=true
    $PYTHON manage.py migrate --no-input
    $PYTHON manage.py seed_programme
    $PYTHON manage.py create_demo_logins
    $PYTHON manage.py generate_synthetic_data --officers 30 --stories 12 --seed 42
    $PYTHON manage.py dumpdata batches officers auth.user auth.group --indent 1 -o previous_release.json
    $PYTHON -c "import sqlite3; db = sqlite3.connect('previous_release.sqlite3'); \\
        db.execute('PRAGMA page_size = 512'); db.execute('VACUUM')"
    cp previous_release.json previous_release.sqlite3 $PROJECT/core/tests/fixtures/
    cd $PROJECT && git worktree remove /tmp/prev

The small page size keeps the database near 230 KB; the rows are the same.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from officers.roles import ROLE_PERMISSIONS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMPED = ["batches", "officers", "auth.user", "auth.group"]

Rows = dict[tuple[str, int], dict]


def manage(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `manage.py` with today's code against `database` alone."""
    env = {
        **os.environ,
        # Set explicitly, so a suite running on PostgreSQL still migrates the SQLite copy.
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
        # Migrate invalidates the public page cache; keep that away from any cache the suite is pointed at.
        "CACHE_URL": "locmemcache://forward-migration",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def by_key(dump: list[dict]) -> Rows:
    return {(obj["model"], obj["pk"]): obj["fields"] for obj in dump}


def comparable(model: str, field: str, value):
    """Many-to-many values are lists of keys whose order follows the related model's ordering, not the data."""
    if isinstance(value, list) and apps.get_model(model)._meta.get_field(field).many_to_many:
        return sorted(value)
    return value


def follows_the_code(model: str, fields: dict, field: str) -> bool:
    """Every migrate sets a role group's permissions to what `officers.roles` says, so a release that
    changes a role changes them on purpose; any other group keeps the permissions it had."""
    return model == "auth.group" and field == "permissions" and fields["name"] in ROLE_PERMISSIONS


def differences(before: Rows, after: Rows) -> list[str]:
    found = []
    for (model, pk), old_fields in before.items():
        new_fields = after.get((model, pk))
        if new_fields is None:
            found.append(f"{model} pk={pk}: the row is missing")
            continue
        for field, old in old_fields.items():
            if field not in new_fields:
                found.append(f"{model} pk={pk}: the field {field!r} is gone")
            elif follows_the_code(model, old_fields, field):
                continue
            elif comparable(model, field, new_fields[field]) != comparable(model, field, old):
                found.append(f"{model} pk={pk}: {field} was {old!r}, is now {new_fields[field]!r}")
    return found


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    database = tmp_path_factory.mktemp("previous_release") / "db.sqlite3"
    shutil.copyfile(FIXTURES / "previous_release.sqlite3", database)
    return database, manage(database, "migrate", "--no-input")


def test_migrate_runs_cleanly_on_the_previous_release_database(migrated):
    _, result = migrated

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    # Migrate warns here when a model changed and its migration was never written.
    assert "not yet reflected in a migration" not in result.stdout, result.stdout


def test_no_migration_is_left_unapplied(migrated):
    database, _ = migrated

    plan = manage(database, "showmigrations", "--plan")

    assert plan.returncode == 0, plan.stderr
    assert "[X]" in plan.stdout
    assert [line for line in plan.stdout.splitlines() if "[ ]" in line] == []


def test_every_row_of_the_previous_release_keeps_its_values(migrated):
    database, _ = migrated
    before = by_key(json.loads((FIXTURES / "previous_release.json").read_text()))

    dump = manage(database, "dumpdata", *DUMPED)

    assert dump.returncode == 0, dump.stderr
    after = by_key(json.loads(dump.stdout))
    found = differences(before, after)
    assert found == [], f"{len(found)} differences from the previous release:\n" + "\n".join(found[:20])

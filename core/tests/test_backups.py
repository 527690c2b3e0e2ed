"""`make backup` / `make restore`: a backup restored into an emptied database gives back the same records.

Runs on whichever database the suite runs on: dumpdata/loaddata on SQLite, pg_dump/pg_restore on PostgreSQL.
"""

import io
import stat
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.page_cache import current_generation
from officers.models import CareerMilestone, GraduateStory, Officer, Placement, StoryPhoto
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
    UserFactory,
)

# The tables are emptied and refilled, and pg_dump reads from another connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

NOT_BACKED_UP = {"sessions.session"}


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table the backup covers, by model."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_BACKED_UP
    }


@pytest.fixture
def programme_records():
    officer = OfficerFactory(full_name="Officer With Login", user=UserFactory(username="login@example.org"))
    PlacementFactory(officer=officer)
    CareerMilestoneFactory(officer=officer)
    StoryPhotoFactory(story=GraduateStoryFactory(officer=officer))
    editor = UserFactory(username="editor@example.org", is_staff=True)
    editor.groups.set([Group.objects.get(name="Secretariat editor")])
    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    # A user deleted since: the history still names them, and the backup must cope.
    gone = UserFactory(username="gone@example.org")
    OfficerFactory(user=gone)
    gone.delete()
    officer.bio = "Edited once, so there is history."
    officer.save()


def backup(tmp_path: Path) -> Path:
    """Run the backup and return the file it made."""
    existing = set(tmp_path.iterdir())
    output = io.StringIO()
    call_command("backup_database", output_dir=tmp_path, stdout=output)
    (path,) = set(tmp_path.iterdir()) - existing
    assert str(path) in output.getvalue()
    return path


def test_a_backup_restored_into_an_empty_database_gives_back_the_same_records(programme_records, tmp_path):
    before = snapshot()
    assert before["officers.officer"] and before["officers.historicalofficer"] and before["auth.user"]
    path = backup(tmp_path)

    # A freshly migrated database: the tables exist, the records do not (the roles are put back by migrate).
    call_command("flush", interactive=False, verbosity=0)
    assert not Officer.objects.exists() and not GraduateStory.objects.exists()

    call_command("restore_database", str(path), interactive=False, stdout=io.StringIO())

    assert snapshot() == before
    assert Placement.objects.count() == 1 and CareerMilestone.objects.count() == 1 and StoryPhoto.objects.count() == 1


def test_restoring_over_changed_records_puts_back_the_backed_up_ones(programme_records, tmp_path):
    before = snapshot()
    path = backup(tmp_path)
    Officer.objects.filter(full_name="Officer With Login").update(bio="Changed after the backup")
    OfficerFactory(full_name="Added after the backup")

    call_command("restore_database", str(path), interactive=False, stdout=io.StringIO())

    assert snapshot() == before


def test_the_backup_file_is_private_and_named_with_a_timestamp(programme_records, tmp_path):
    path = backup(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.suffix == (".dump" if connection.vendor == "postgresql" else ".json")
    assert path.stem.rsplit("-", 2)[-2].isdigit()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    # A second backup in the same second gets a name of its own.
    assert backup(tmp_path) != path


def test_a_missing_or_foreign_backup_is_refused_and_nothing_changes(programme_records, tmp_path):
    before = snapshot()
    foreign = tmp_path / "other.backup"
    foreign.write_bytes(b"[]" if connection.vendor == "postgresql" else b"PGDMP\x01\x0e")

    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore_database", str(tmp_path / "missing.json"), interactive=False)
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore_database", str(foreign), interactive=False)

    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the JSON backup is SQLite's")
def test_a_damaged_backup_changes_nothing(programme_records, tmp_path):
    before = snapshot()
    damaged = tmp_path / "damaged.json"
    damaged.write_text('[{"model": "officers.officer", "pk": 1, "fields": {"full_name": ', encoding="utf-8")

    with pytest.raises(Exception, match="(?i)problem installing fixture|json"):
        call_command("restore_database", str(damaged), interactive=False)

    assert snapshot() == before


def test_restore_asks_before_replacing_everything(programme_records, tmp_path, monkeypatch):
    path = backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore_database", str(path))


def test_a_restore_makes_every_cached_public_page_stale(programme_records, tmp_path):
    path = backup(tmp_path)
    before = current_generation()
    call_command("restore_database", str(path), interactive=False, stdout=io.StringIO())
    assert current_generation() != before

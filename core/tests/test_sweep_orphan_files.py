import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.tests.images import image_bytes, upload
from officers.models import StoryPhoto
from officers.tests.factories import GraduateStoryFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def write(name: str) -> str:
    return default_storage.save(name, ContentFile(b"left behind"))


def age(settings, hours: float) -> None:
    """Make every stored file look `hours` old."""
    then = time.time() - hours * 3600
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def sweep(*args: str) -> list[str]:
    output = io.StringIO()
    call_command("sweep_orphan_files", *args, stdout=output)
    return output.getvalue().splitlines()


@pytest.fixture
def media(settings):
    """Two records' files (four, with a photo's renditions), orphans in both upload folders and a file elsewhere,
    all two days old; then one orphan written just now."""
    officer = OfficerFactory(portrait=upload("me.jpg", image_bytes("JPEG")), portrait_alt="A portrait")
    photo = StoryPhoto.objects.create(
        story=GraduateStoryFactory(), alt_text="x", image=upload("wide.jpg", image_bytes("JPEG", (1600, 800)))
    )
    orphans = [write("portraits/orphan.jpg"), write("story-photos/2019/orphan.png")]
    elsewhere = write("exports/report.jpg")
    age(settings, hours=48)
    young = write("story-photos/in-flight.jpg")
    referenced = [officer.portrait.name, photo.image.name, photo.image_small.name, photo.image_large.name]
    return {"referenced": referenced, "orphans": sorted(orphans), "elsewhere": elsewhere, "young": young}


def stored(names) -> list[bool]:
    return [default_storage.exists(name) for name in names]


def test_a_dry_run_lists_old_orphans_and_deletes_nothing(media):
    lines = sweep()

    assert lines == [
        *(f"Would delete {name}" for name in media["orphans"]),
        "2 orphaned files older than 24 hours; run again with --delete to delete them.",
    ]
    assert all(stored([*media["orphans"], *media["referenced"], media["young"], media["elsewhere"]]))


def test_delete_removes_old_orphans_only(media):
    lines = sweep("--delete")

    assert lines == [
        *(f"Deleted {name}" for name in media["orphans"]),
        "Deleted 2 orphaned files older than 24 hours.",
    ]
    assert stored(media["orphans"]) == [False, False]
    assert all(stored([*media["referenced"], media["young"], media["elsewhere"]]))


def test_the_grace_period_is_an_option(media):
    sweep("--delete", "--older-than-hours", "0")

    assert stored([media["young"], *media["orphans"]]) == [False, False, False]
    assert all(stored(media["referenced"]))


def test_a_file_only_an_old_version_in_the_history_names_is_an_orphan(settings):
    photo = StoryPhoto.objects.create(
        story=GraduateStoryFactory(), alt_text="x", image=upload("a.png", image_bytes("PNG"))
    )
    old = photo.image.name
    # Changed behind the field's back (an update() sends no signals), so the old file stays behind.
    StoryPhoto.objects.filter(pk=photo.pk).update(image=write("story-photos/replacement.png"))
    assert photo.history.filter(image=old).exists()
    age(settings, hours=48)

    lines = sweep("--delete")

    assert lines[:-1] == [f"Deleted {old}"]
    assert stored([old, "story-photos/replacement.png"]) == [False, True]


def test_nothing_to_sweep_says_so(settings):
    assert sweep() == ["0 orphaned files older than 24 hours; run again with --delete to delete them."]


def test_a_negative_grace_period_is_refused():
    with pytest.raises(CommandError, match="cannot be negative"):
        sweep("--older-than-hours", "-1")

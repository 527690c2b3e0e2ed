"""Files follow their records: replaced, cleared or left by a deleted record, they are deleted once
the change commits, never before and never after a rollback. `django_capture_on_commit_callbacks`
stands in for the commit: each test runs inside a transaction that is rolled back at its end."""

import logging
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.urls import reverse

from core.stored_files import move_to_fresh_names
from core.tests.images import image_bytes, upload
from officers.models import Officer, StoryPhoto
from officers.tests.factories import GraduateStoryFactory, OfficerFactory

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def jpeg(size=(1600, 800)):
    return upload("photo.jpg", image_bytes("JPEG", size))


def png(size=(900, 900)):
    return upload("photo.png", image_bytes("PNG", size))


def files_of(photo: StoryPhoto) -> list[str]:
    return [photo.image.name, photo.image_small.name, photo.image_large.name]


def stored(names) -> list[bool]:
    return [default_storage.exists(name) for name in names]


def file_deletions(callbacks) -> list:
    # Other callbacks (the page cache's) run on commit too.
    return [callback for callback in callbacks if callback.__module__ == "core.stored_files"]


def content(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


@pytest.fixture
def photo():
    return StoryPhoto.objects.create(story=GraduateStoryFactory(), alt_text="Officers at a meeting", image=jpeg())


@pytest.fixture
def officer_with_portrait():
    return OfficerFactory(portrait=jpeg((300, 400)), portrait_alt="A portrait")


# --- Replaced, cleared, deleted --------------------------------------------------------------


def test_a_replaced_photo_and_its_renditions_are_deleted_once_the_change_commits(
    photo, django_capture_on_commit_callbacks
):
    old = files_of(photo)
    assert stored(old) == [True, True, True]

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = png()
        photo.save()
        assert stored(old) == [True, True, True], "deleted before the commit"

    assert stored(old) == [False, False, False]
    assert stored(files_of(photo)) == [True, True, True]


def test_a_portrait_replaced_on_the_profile_page_is_deleted(
    officer_a, officer_a_client, django_capture_on_commit_callbacks
):
    officer_a.portrait, officer_a.portrait_alt = jpeg((300, 400)), "A portrait"
    officer_a.save()
    old = officer_a.portrait.name

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_a_client.post(
            reverse("my:edit-profile"),
            {"bio": "", "portrait": png(), "portrait_alt": "A new portrait", "opened_version": officer_a.version},
        )

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.portrait.name != old
    assert stored([old, officer_a.portrait.name]) == [False, True]


def test_a_cleared_photo_takes_its_renditions_with_it(photo, django_capture_on_commit_callbacks):
    old = files_of(photo)

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = None
        photo.save()

    assert stored(old) == [False, False, False]
    photo.refresh_from_db()
    assert files_of(photo) == ["", "", ""]


def test_a_rolled_back_replacement_deletes_nothing(photo, django_capture_on_commit_callbacks):
    old = files_of(photo)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            photo.image = png()
            photo.save()
            raise Rollback

    assert file_deletions(callbacks) == []
    assert stored(old) == [True, True, True]
    assert files_of(StoryPhoto.objects.get(pk=photo.pk)) == old


def test_a_save_that_keeps_the_image_deletes_nothing(photo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        photo.caption = "A new caption"
        photo.save()

    assert file_deletions(callbacks) == []
    assert stored(files_of(photo)) == [True, True, True]


def test_a_deleted_photo_leaves_no_files_once_the_delete_commits(photo, django_capture_on_commit_callbacks):
    old = files_of(photo)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
        assert stored(old) == [True, True, True], "deleted before the commit"

    assert stored(old) == [False, False, False]


def test_deleting_a_story_deletes_its_photos_files(photo, django_capture_on_commit_callbacks):
    old = files_of(photo)

    with django_capture_on_commit_callbacks(execute=True):
        photo.story.delete()

    assert not StoryPhoto.objects.exists()
    assert stored(old) == [False, False, False]


def test_a_rolled_back_delete_keeps_the_files(photo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            photo.delete()
            raise Rollback

    assert file_deletions(callbacks) == []
    assert stored(files_of(photo)) == [True, True, True]


def test_an_instance_read_without_its_image_field_still_deletes_the_old_file(
    officer_with_portrait, django_capture_on_commit_callbacks
):
    old = officer_with_portrait.portrait.name
    officer = Officer.objects.only("full_name").get(pk=officer_with_portrait.pk)

    with django_capture_on_commit_callbacks(execute=True):
        officer.portrait = png()
        officer.save()

    assert stored([old, officer.portrait.name]) == [False, True]


# --- What is never deleted -------------------------------------------------------------------


def test_a_file_another_record_points_at_is_kept(photo, django_capture_on_commit_callbacks):
    image, small, large = files_of(photo)
    StoryPhoto.objects.create(story=photo.story, alt_text="The same photo", image=image)

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = png()
        photo.save()

    assert stored([image, small, large]) == [True, False, False]


def test_a_file_already_missing_from_storage_does_not_stop_the_others(photo, django_capture_on_commit_callbacks):
    image, small, large = files_of(photo)
    default_storage.delete(image)
    quiet_delete = FileSystemStorage.delete

    def strict_delete(storage, name):
        # As some storages do, where the filesystem's says nothing.
        if not storage.exists(name):
            raise FileNotFoundError(name)
        quiet_delete(storage, name)

    with (
        mock.patch.object(FileSystemStorage, "delete", autospec=True, side_effect=strict_delete),
        django_capture_on_commit_callbacks(execute=True),
    ):
        photo.delete()

    assert stored([small, large]) == [False, False]


def test_a_storage_failure_after_the_commit_is_logged_not_raised(photo, django_capture_on_commit_callbacks, caplog):
    with (
        mock.patch.object(FileSystemStorage, "delete", autospec=True, side_effect=OSError("storage unreachable")),
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        photo.delete()

    assert not StoryPhoto.objects.exists()
    assert "storage unreachable" in caplog.text
    # Left for the orphan sweep.
    assert stored(files_of(photo)) == [True, True, True]


def test_any_storage_will_do(settings, django_capture_on_commit_callbacks):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    photo = StoryPhoto.objects.create(story=GraduateStoryFactory(), alt_text="x", image=jpeg())
    old = files_of(photo)
    assert stored(old) == [True, True, True]

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = png()
        photo.save()

    assert stored(old) == [False, False, False]
    assert stored(files_of(photo)) == [True, True, True]
    assert not (settings.MEDIA_ROOT / "story-photos").exists()


# --- Moving to fresh names -------------------------------------------------------------------


def test_a_portrait_moved_to_a_fresh_name_is_gone_from_its_old_address(
    officer_with_portrait, settings, django_capture_on_commit_callbacks
):
    officer = officer_with_portrait
    old_name, old_url, old_content = officer.portrait.name, officer.portrait.url, content(officer.portrait.name)

    with django_capture_on_commit_callbacks(execute=True):
        move_to_fresh_names(officer, ["portrait"])

    saved = Officer.objects.get(pk=officer.pk)
    assert saved.portrait.name == officer.portrait.name != old_name
    assert saved.portrait.name.startswith("portraits/") and saved.portrait.url != old_url
    assert stored([old_name, saved.portrait.name]) == [False, True]
    assert not (settings.MEDIA_ROOT / old_name).exists()
    assert content(saved.portrait.name) == old_content
    # The version is written with the files: the copy in hand matches the database.
    assert saved.version == officer.version == 2


def test_a_story_photo_moves_with_its_renditions(photo, django_capture_on_commit_callbacks):
    old = files_of(photo)
    old_contents = [content(name) for name in old]

    with django_capture_on_commit_callbacks(execute=True):
        move_to_fresh_names(photo, ["image"])

    saved = StoryPhoto.objects.get(pk=photo.pk)
    new = files_of(saved)
    assert new == files_of(photo)
    assert set(new).isdisjoint(old)
    assert all(name.startswith("story-photos/") for name in new)
    assert stored(old) == [False, False, False]
    assert [content(name) for name in new] == old_contents
    assert (saved.width, saved.height) == (1600, 800)


def test_a_rolled_back_move_leaves_the_record_and_its_files_as_they_were(photo, django_capture_on_commit_callbacks):
    old = files_of(photo)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            move_to_fresh_names(photo, ["image"])
            raise Rollback

    assert file_deletions(callbacks) == []
    assert files_of(StoryPhoto.objects.get(pk=photo.pk)) == old
    assert stored(old) == [True, True, True]


def test_a_record_without_files_is_not_saved():
    officer = OfficerFactory()
    version = officer.version

    move_to_fresh_names(officer, ["portrait"])

    assert Officer.objects.get(pk=officer.pk).version == version


def test_only_a_field_that_deletes_what_it_replaces_can_be_moved(photo):
    with pytest.raises(ValueError, match="does not delete the files"):
        move_to_fresh_names(photo, ["image_small"])

"""When an officer withdraws consent, their portrait and story photos move to new addresses: a link
someone kept (a search engine, a shared page) stops working, and the old files leave storage."""

import pytest
from django.core.files.storage import default_storage

from core.tests.images import image_bytes, upload
from officers.models import Officer, StoryPhoto
from officers.tests.factories import GraduateStoryFactory, StoryPhotoFactory
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured_officer(officer_a):
    # Assigned as uploads are, so the field checks them and makes the photo's smaller copies.
    officer_a.portrait = upload("portrait.jpg", image_bytes("JPEG"))
    officer_a.portrait_alt = "Officer Alpha at the Secretariat"
    officer_a.save()
    StoryPhotoFactory(
        story=GraduateStoryFactory(officer=officer_a), image=upload("photo.jpg", image_bytes("JPEG", (1600, 1200)))
    )
    return officer_a


def stored_names(officer: Officer) -> list[str]:
    officer.refresh_from_db()
    names = [officer.portrait.name]
    for photo in StoryPhoto.objects.filter(story__officer=officer):
        names += [photo.image.name, photo.image_small.name, photo.image_large.name]
    return [name for name in names if name]


def test_withdrawing_consent_moves_the_pictures_and_deletes_the_old_files(
    pictured_officer, django_capture_on_commit_callbacks
):
    before = stored_names(pictured_officer)
    assert len(before) == 4 and all(default_storage.exists(name) for name in before)
    client = signed_in_client(pictured_officer.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/consent/", {})

    assert response.status_code == 302
    after = stored_names(pictured_officer)
    assert len(after) == 4
    assert set(after).isdisjoint(before)
    assert all(default_storage.exists(name) for name in after)
    assert not any(default_storage.exists(name) for name in before)
    assert client.get(response["Location"]).status_code == 200


def test_saving_the_consent_page_without_a_change_moves_nothing(pictured_officer, django_capture_on_commit_callbacks):
    client = signed_in_client(pictured_officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/consent/", {})
    first = stored_names(pictured_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/consent/", {})
    assert stored_names(pictured_officer) == first

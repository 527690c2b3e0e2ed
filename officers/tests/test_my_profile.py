import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from officers.models import Officer

pytestmark = pytest.mark.django_db

PROFILE = "/my/profile/"


def _signed_in(user) -> Client:
    # Signed in as the user stored in the database: the session keeps a hash of the stored password.
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


def _png(name: str = "me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _form_data(officer: Officer, **changes) -> dict:
    data = {"bio": officer.bio, "portrait_alt": officer.portrait_alt, "opened_version": officer.version}
    data.update(changes)
    return data


@pytest.fixture
def alpha_client(officer_a) -> Client:
    return _signed_in(officer_a.user)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/my/profile/"


def test_profile_form_offers_only_bio_and_portrait(officer_a, alpha_client):
    response = alpha_client.get(PROFILE)
    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"bio", "portrait", "portrait_alt", "opened_version"}


def test_officer_updates_their_bio_and_the_history_records_them(officer_a, alpha_client):
    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="Now Director of International Cooperation."))

    assert response.status_code == 302
    assert response["Location"] == "/my/"
    officer_a.refresh_from_db()
    assert officer_a.bio == "Now Director of International Cooperation."
    latest = officer_a.history.latest()
    assert latest.bio == "Now Director of International Cooperation."
    assert latest.history_user == officer_a.user


def test_officer_uploads_a_portrait_with_its_description(officer_a, alpha_client):
    response = alpha_client.post(PROFILE, _form_data(officer_a, portrait=_png(), portrait_alt="Smiling, in Jakarta"))

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.portrait.name.startswith("portraits/")
    assert "me" not in officer_a.portrait.name
    assert officer_a.portrait_alt == "Smiling, in Jakarta"
    page = alpha_client.get("/my/").content.decode()
    assert f'src="{officer_a.portrait.url}"' in page
    assert 'alt="Smiling, in Jakarta"' in page


def test_a_portrait_without_a_description_is_refused_and_nothing_is_saved(officer_a, alpha_client):
    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="Changed", portrait=_png(), portrait_alt=""))

    assert response.status_code == 200
    assert response.context["form"].errors["portrait_alt"] == ["Describe the portrait for people who cannot see it."]
    officer_a.refresh_from_db()
    assert officer_a.bio == ""
    assert not officer_a.portrait


def test_a_file_that_is_not_an_image_is_refused(officer_a, alpha_client):
    fake = SimpleUploadedFile("portrait.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = alpha_client.post(PROFILE, _form_data(officer_a, portrait=fake, portrait_alt="Me"))

    assert response.status_code == 200
    assert "portrait" in response.context["form"].errors
    officer_a.refresh_from_db()
    assert not officer_a.portrait


def test_officer_can_remove_their_portrait(officer_a, alpha_client):
    alpha_client.post(PROFILE, _form_data(officer_a, portrait=_png(), portrait_alt="Me"))
    officer_a.refresh_from_db()

    alpha_client.post(PROFILE, _form_data(officer_a, **{"portrait-clear": "on"}))

    officer_a.refresh_from_db()
    assert not officer_a.portrait


def test_fields_other_than_bio_and_portrait_are_ignored(officer_a, alpha_client):
    placement = officer_a.placements.get()
    before = Officer.objects.values().get(pk=officer_a.pk)
    alpha_client.post(
        PROFILE,
        _form_data(
            officer_a,
            bio="Only this changes.",
            full_name="Someone Else",
            email="hijack@example.org",
            country="MM",
            public_profile_consent="",
            portrait_credit="Me",
            objectives="Rewrite my objectives",
            supervisor_name="A friend",
            outcome="withdrawn",
        ),
    )
    after = Officer.objects.values().get(pk=officer_a.pk)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"bio", "version"}
    placement.refresh_from_db()
    assert placement.objectives == "" and placement.supervisor_name == "Supervisor Name"


def test_a_save_over_a_newer_version_is_refused(officer_a, alpha_client):
    opened = alpha_client.get(PROFILE).context["form"]["opened_version"].value()
    Officer.objects.get(pk=officer_a.pk).save()  # the Secretariat saves the record meanwhile

    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="Mine", opened_version=opened))

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.bio == ""


def test_staff_member_without_officer_record_is_sent_to_the_explanation(editor):
    response = _signed_in(editor).get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == "/my/"

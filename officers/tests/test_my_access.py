"""Officer A, signed in, tries every officer page and form with officer B's ids, slugs and photo paths.

Officer pages take no officer from the URL or the form, so each attempt is a 404 or is ignored, and
nothing of B's ever appears in what A receives.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from officers.models import Officer
from officers.tests.factories import CareerMilestoneFactory, GraduateStoryFactory, PlacementFactory

pytestmark = pytest.mark.django_db

OFFICER_PAGES = ["/my/", "/my/profile/", "/my/consent/"]


def _signed_in(user) -> Client:
    # Signed in as the user stored in the database: the session keeps a hash of the stored password.
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


@pytest.fixture
def bravo(officer_b) -> Officer:
    """Officer B with everything an officer page could show: private details, portrait, career, story."""
    officer_b.email = "bravo.private@example.org"
    officer_b.phone = "+855 12 345 678"
    officer_b.bio = "Bravo private bio."
    officer_b.portrait_alt = "Bravo at the Secretariat"
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, format="PNG")
    officer_b.portrait.save("bravo.png", ContentFile(buffer.getvalue()))
    CareerMilestoneFactory(officer=officer_b, title="Ambassador Bravo Post")
    GraduateStoryFactory(officer=officer_b, headline="Story of Bravo")
    return officer_b


@pytest.fixture
def alpha_client(officer_a) -> Client:
    return _signed_in(officer_a.user)


def _bravo_traces(bravo: Officer) -> list[str]:
    return [
        bravo.full_name,
        bravo.slug,
        bravo.email,
        bravo.phone,
        "Bravo private bio",
        bravo.portrait.name,
        "Bravo at the Secretariat",
        "Ambassador Bravo Post",
        "Story of Bravo",
        bravo.placements.get().batch.label,
        bravo.placements.get().division.name,
    ]


def _assert_nothing_of(bravo: Officer, response) -> None:
    page = response.content.decode()
    for trace in _bravo_traces(bravo):
        assert trace not in page, trace


@pytest.mark.parametrize("page", OFFICER_PAGES)
@pytest.mark.parametrize("parameter", ["officer", "officer_id", "id", "pk", "slug", "user", "user_id"])
def test_query_string_naming_b_is_ignored(bravo, officer_a, alpha_client, page, parameter):
    value = bravo.slug if parameter == "slug" else bravo.pk
    response = alpha_client.get(page, {parameter: value})
    assert response.status_code == 200
    _assert_nothing_of(bravo, response)
    if page == "/my/":
        assert officer_a.full_name in response.content.decode()


@pytest.mark.parametrize("page", OFFICER_PAGES)
def test_paths_with_b_ids_or_slug_do_not_exist(bravo, alpha_client, page):
    for key in [bravo.pk, bravo.slug, bravo.user.pk]:
        assert alpha_client.get(f"{page}{key}/").status_code == 404


def test_b_portrait_file_cannot_be_fetched_through_the_portal(bravo, alpha_client):
    assert alpha_client.get(bravo.portrait.url).status_code == 404
    assert alpha_client.get(f"/my/{bravo.portrait.name}").status_code == 404


def test_profile_form_posted_with_b_ids_changes_only_a(bravo, officer_a, alpha_client):
    before = Officer.objects.values().get(pk=bravo.pk)
    response = alpha_client.post(
        "/my/profile/",
        {
            "bio": "Alpha's new bio.",
            "portrait_alt": "",
            "opened_version": officer_a.version,
            "officer": bravo.pk,
            "officer_id": bravo.pk,
            "id": bravo.pk,
            "pk": bravo.pk,
            "slug": bravo.slug,
            "user": bravo.user.pk,
        },
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.bio == "Alpha's new bio."
    assert Officer.objects.values().get(pk=bravo.pk) == before


def test_profile_form_posted_to_a_b_query_string_changes_only_a(bravo, officer_a, alpha_client):
    before = Officer.objects.values().get(pk=bravo.pk)
    alpha_client.post(
        f"/my/profile/?officer={bravo.pk}&pk={bravo.pk}",
        {"bio": "Alpha again.", "portrait_alt": "", "opened_version": officer_a.version},
    )
    officer_a.refresh_from_db()
    assert officer_a.bio == "Alpha again."
    assert Officer.objects.values().get(pk=bravo.pk) == before


def test_consent_form_posted_with_b_ids_changes_only_a(bravo, officer_a, alpha_client):
    response = alpha_client.post(
        f"/my/consent/?officer={bravo.pk}", {"officer": bravo.pk, "id": bravo.pk, "slug": bravo.slug}
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    bravo.refresh_from_db()
    assert officer_a.public_profile_consent is False
    assert bravo.public_profile_consent is True
    assert bravo.consent_changed_on is None


def test_b_in_the_same_batch_appears_by_name_and_country_only(bravo, officer_a, alpha_client):
    shared = PlacementFactory(officer=bravo, batch=officer_a.placements.get().batch, objectives="Bravo objectives")
    page = alpha_client.get("/my/").content.decode()
    assert bravo.full_name in page
    assert "Cambodia" in page
    private = [
        bravo.slug,
        bravo.email,
        bravo.phone,
        "Bravo private bio",
        bravo.portrait.name,
        "Bravo at the Secretariat",
        "Ambassador Bravo Post",
        "Story of Bravo",
        "Bravo objectives",
        shared.division.name,
    ]
    for trace in private:
        assert trace not in page, trace


@pytest.mark.parametrize("page", OFFICER_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(bravo, client, page):
    before = Officer.objects.values().get(pk=bravo.pk)
    for response in [client.get(page), client.post(page, {"bio": "x", "officer": bravo.pk})]:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={page}"
    assert Officer.objects.values().get(pk=bravo.pk) == before

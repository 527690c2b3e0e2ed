"""The language switch (/language/<code>/) and signing in: the chosen language is kept in Django's
language cookie, remembered for a signed-in person, and given back to them when they sign in."""

import pytest
from django.test import Client

from accounts.language import language_of, remember_language
from accounts.models import LanguagePreference
from officers.tests.factories import UserFactory
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.test_deploy_settings import settings_values

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
A_YEAR = 365 * 24 * 3600


def _switch(client: Client, code: str, next_url: str | None = None):
    return client.get(f"/language/{code}/", {"next": next_url} if next_url is not None else {})


# The switch


@pytest.mark.parametrize(
    ("code", "next_url", "landing"),
    [
        ("vi", "/stories/", "/vi/stories/"),
        ("km", "/vi/stories/", "/km/stories/"),
        ("en-gb", "/lo/graduates/?country=LA", "/graduates/?country=LA"),
        ("my", "/statistics/", "/my-mm/statistics/"),
        ("vi", "/my/profile/", "/vi/my/profile/"),
        ("en-gb", "/my-mm/my/", "/my/"),
    ],
)
def test_the_switch_goes_back_to_the_same_page_in_the_chosen_language(client, code, next_url, landing):
    response = _switch(client, code, next_url)
    assert response.status_code == 302
    assert response["Location"] == landing


def test_the_switch_sets_the_language_cookie_for_a_year_and_for_links_from_other_sites(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = False
    cookie = _switch(client, "km", "/").cookies[settings.LANGUAGE_COOKIE_NAME]

    assert cookie.value == "km"
    assert cookie["max-age"] == A_YEAR
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["secure"]


def test_the_language_cookie_is_secure_when_the_settings_say_so(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    assert _switch(client, "vi", "/").cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]


@pytest.mark.parametrize("secure", [True, False])
def test_the_language_cookie_is_secure_when_the_session_cookie_is(secure):
    environment = {"SESSION_COOKIE_SECURE": str(secure).lower()}
    assert settings_values(["LANGUAGE_COOKIE_SECURE"], environment) == {"LANGUAGE_COOKIE_SECURE": secure}


def test_the_page_then_opens_in_the_chosen_language(client):
    _switch(client, "vi", "/")
    response = client.get("/stories/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/stories/"


@pytest.mark.parametrize("code", ["fr", "xx", "my-mm", "EN-GB", "vi-vn"])
def test_a_language_the_portal_is_not_offered_in_is_not_found_and_changes_nothing(client, settings, code):
    response = _switch(client, code, "/stories/")
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/stories/",
        "//evil.example/stories/",
        "/\\evil.example/",
        "http://testserver/stories/",  # our own, but not a path
        "javascript:alert(1)",
        "stories/",
        "",
    ],
)
def test_the_switch_never_sends_anywhere_but_a_page_of_ours_and_else_goes_home(client, next_url):
    assert _switch(client, "vi", next_url)["Location"] == "/vi/"


def test_without_a_page_to_go_back_to_the_switch_goes_to_the_home_page_in_that_language(client):
    assert _switch(client, "km")["Location"] == "/km/"
    assert _switch(client, "en-gb")["Location"] == "/"


def test_an_address_that_names_no_page_is_followed_as_it_is(client):
    assert _switch(client, "vi", "/no/such/page/")["Location"] == "/no/such/page/"


def test_the_switch_is_never_cached(client):
    cache_control = _switch(client, "vi", "/")["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_the_switch_is_a_link_not_a_form(client):
    assert client.post("/language/vi/", {"next": "/"}).status_code == 405


def test_a_signed_in_person_has_their_choice_remembered(officer_a):
    client = signed_in_client(officer_a.user)
    assert language_of(officer_a.user) == "en-gb"

    _switch(client, "lo", "/my/")

    assert language_of(officer_a.user) == "lo"


def test_a_visitor_who_is_not_signed_in_has_only_the_cookie(client):
    _switch(client, "vi", "/")
    assert not LanguagePreference.objects.exists()


def test_the_switch_reads_nothing_for_a_visitor_who_is_not_signed_in(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        _switch(client, "vi", "/stories/")


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_switch_for_a_signed_in_person_runs_the_same_queries_however_many_chose(
    officer_a, django_assert_num_queries, records
):
    for user in UserFactory.create_batch(records):
        remember_language(user=user, language="km")
    client = signed_in_client(officer_a.user)
    remember_language(user=officer_a.user, language="vi")
    with django_assert_num_queries(
        2  # the session, the signed-in user
        + 4  # remembering: savepoint, the person's preference (locked), its update, release
    ):
        _switch(client, "lo", "/my/")
    assert language_of(officer_a.user) == "lo"


# Signing in


def test_signing_in_gives_back_the_language_a_person_chose(client, officer_a, settings):
    remember_language(user=officer_a.user, language="vi")

    response = client.post("/accounts/login/", {"username": "alpha@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/vi/my/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    assert client.get("/vi/my/").status_code == 200


def test_signing_in_goes_to_the_page_asked_for_in_the_chosen_language(client, officer_a):
    remember_language(user=officer_a.user, language="km")
    response = client.post(
        "/accounts/login/?next=/my/profile/", {"username": "alpha@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/km/my/profile/"


def test_signing_in_without_a_choice_leaves_the_language_as_it_was(client, officer_a, settings):
    response = client.post("/accounts/login/", {"username": "alpha@example.org", "password": PASSWORD})

    assert response["Location"] == "/my/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_wrong_password_sets_no_language(client, officer_a, settings):
    remember_language(user=officer_a.user, language="vi")
    response = client.post("/accounts/login/", {"username": "alpha@example.org", "password": "not it"})

    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

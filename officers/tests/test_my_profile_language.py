"""An officer chooses on /my/profile/ the language of their pages and of the mail the portal sends
them, from a select of the portal's languages, each named in itself."""

import re

import pytest
from django.test import Client

from accounts.language import language_of, remember_language
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

PROFILE = "/my/profile/"


@pytest.fixture
def alpha_client(officer_a) -> Client:
    return signed_in_client(officer_a.user)


def _form_data(officer, **changes) -> dict:
    return {"bio": officer.bio, "portrait_alt": officer.portrait_alt, "opened_version": officer.version, **changes}


def _options(page: str) -> list[tuple[str, str, bool]]:
    select = re.search(r'<select name="language"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [
        (lang, name, "selected" in attributes)
        for attributes, lang, name in re.findall(
            r'<option value="[^"]*"([^>]*?lang="([^"]+)"[^>]*)>([^<]*)</option>', select
        )
    ]


def test_the_profile_offers_each_language_named_in_itself_with_english_chosen_by_default(alpha_client):
    page = alpha_client.get(PROFILE).content.decode()

    assert '<label for="id_language">Language:</label>' in page
    assert _options(page) == [
        ("en-gb", "English", True),
        ("km", "ខ្មែរ", False),
        ("lo", "ລາວ", False),
        ("my", "မြန်မာဘာသာ", False),
        ("vi", "Tiếng Việt", False),
    ]


def test_the_profile_shows_the_language_the_officer_chose(officer_a, alpha_client):
    remember_language(user=officer_a.user, language="lo")
    chosen = [lang for lang, _name, selected in _options(alpha_client.get(PROFILE).content.decode()) if selected]
    assert chosen == ["lo"]


def test_choosing_a_language_remembers_it_and_goes_to_the_officers_page_in_it(officer_a, alpha_client, settings):
    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="Back in Vientiane.", language="lo"))

    assert response.status_code == 302
    assert response["Location"] == "/lo/my/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lo"
    assert language_of(officer_a.user) == "lo"
    officer_a.refresh_from_db()
    assert officer_a.bio == "Back in Vientiane."


def test_choosing_english_again_goes_back_to_the_unprefixed_page(officer_a, settings):
    remember_language(user=officer_a.user, language="km")
    client = signed_in_client(officer_a.user)

    response = client.post(f"/km{PROFILE}", _form_data(officer_a, language="en-gb"))

    assert response["Location"] == "/my/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-gb"
    assert language_of(officer_a.user) == "en-gb"


def test_a_language_the_portal_is_not_offered_in_is_refused_and_nothing_is_saved(officer_a, alpha_client):
    remember_language(user=officer_a.user, language="vi")

    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="Changed", language="fr"))

    assert response.status_code == 200
    assert response.context["language_form"].errors["language"] == [
        "Select a valid choice. fr is not one of the available choices."
    ]
    officer_a.refresh_from_db()
    assert officer_a.bio == ""
    assert language_of(officer_a.user) == "vi"


def test_a_bio_that_is_refused_leaves_the_language_as_it_was(officer_a, alpha_client):
    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="x" * 5000, language="km"))

    assert response.status_code == 200
    assert "bio" in response.context["form"].errors
    assert language_of(officer_a.user) == "en-gb"


def test_a_post_without_a_language_keeps_the_choice(officer_a, alpha_client, settings):
    remember_language(user=officer_a.user, language="vi")

    response = alpha_client.post(PROFILE, _form_data(officer_a, bio="Only the bio."))

    assert response["Location"] == "/my/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert language_of(officer_a.user) == "vi"

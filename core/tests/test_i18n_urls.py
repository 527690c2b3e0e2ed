"""Language prefixes and the first visit's redirect (core/i18n_urls.py, core/locale_middleware.py).

Burmese is under /my-mm/, since /my/ is the officers' own page and must stay it, in English."""

import re
from unicodedata import normalize

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info, override

from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def test_my_is_the_english_officer_page_and_never_redirects_to_burmese(officer_a):
    client = signed_in_client(officer_a.user, HTTP_ACCEPT_LANGUAGE="my")
    response = client.get("/my/")
    assert response.status_code == 200
    assert html_lang(response) == "en-gb"
    assert "Officer Alpha" in response.content.decode()


def test_my_stays_the_english_officer_page_for_an_officer_who_chose_burmese(officer_a):
    client = signed_in_client(officer_a.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    response = client.get("/my/")
    assert response.status_code == 200
    assert html_lang(response) == "en-gb"


def test_my_mm_is_the_burmese_home_page(client):
    response = client.get("/my-mm/")
    assert response.status_code == 200
    assert html_lang(response) == "my"
    assert response["Content-Language"] == "my"


def test_my_mm_my_is_the_burmese_officer_page(officer_a_client):
    response = officer_a_client.get("/my-mm/my/")
    assert response.status_code == 200
    assert html_lang(response) == "my"
    assert "Officer Alpha" in response.content.decode()


def test_burmese_addresses_are_built_under_my_mm():
    with override("my"):
        assert reverse("public:home") == "/my-mm/"
        assert reverse("my:dashboard") == "/my-mm/my/"
    with override("en-gb"):
        assert reverse("my:dashboard") == "/my/"


def test_a_first_visit_asking_for_burmese_is_redirected_once_to_my_mm(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="my-MM,my;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/my-mm/"
    landing = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="my")
    assert landing.status_code == 200
    assert html_lang(landing) == "my"


@pytest.mark.parametrize(("accept", "prefix"), [("km", "/km"), ("lo-LA", "/lo"), ("vi,en;q=0.8", "/vi")])
def test_a_first_visit_keeps_the_page_and_its_query(client, accept, prefix):
    response = client.get("/stories/?order=batch", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/stories/?order=batch"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "fr-FR", "", "*"])
def test_a_visitor_whose_browser_asks_for_english_or_no_language_of_ours_stays(client, accept):
    response = client.get("/stories/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert html_lang(response) == "en-gb"


def test_a_visitor_who_chose_english_stays_on_english_pages_whatever_the_browser_asks(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    for path in ("/", "/stories/", "/programme/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="km")
        assert response.status_code == 200, path
        assert html_lang(response) == "en-gb"


def test_a_visitor_who_chose_a_language_is_sent_to_its_pages_from_an_english_link(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/vi/statistics/"


def test_a_prefixed_page_never_redirects(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get("/km/stories/", HTTP_ACCEPT_LANGUAGE="lo")
    assert response.status_code == 200
    assert html_lang(response) == "km"


def test_only_reading_is_redirected(client):
    response = client.post("/accounts/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 200
    assert html_lang(response) == "en-gb"


@pytest.mark.parametrize(
    "path", ["/api/v1/stories/", "/api/", "/healthz", "/sitemap.xml", "/sitemap-pages.xml", "/robots.txt"]
)
def test_addresses_without_languages_are_not_redirected(client, path):
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="km").status_code == 200


def test_the_admin_stays_english_whatever_the_cookie_or_the_browser_asks(editor):
    client = signed_in_client(editor, HTTP_ACCEPT_LANGUAGE="km")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    response = client.get("/admin/")
    assert response.status_code == 200
    assert html_lang(response) == "en-gb"
    assert client.get("/km/admin/").status_code == 404


def test_an_unknown_prefix_is_not_a_language(client):
    assert client.get("/fr/").status_code == 404
    assert client.get("/en-gb/").status_code == 404


def test_lao_is_known_by_its_own_name_and_every_language_is_named_in_itself():
    lao = get_language_info("lo")
    assert (lao["code"], lao["name"], lao["name_local"], lao["bidi"]) == ("lo", "Lao", "ລາວ", False)
    names = {code: normalize("NFC", get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES}
    expected = {"en-gb": "English", "km": "ខ្មែរ", "lo": "ລາວ", "my": "မြန်မာဘာသာ", "vi": "Tiếng Việt"}
    assert names == {code: normalize("NFC", name) for code, name in expected.items()}

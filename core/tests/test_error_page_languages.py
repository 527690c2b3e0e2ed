"""Django's own 500 page is in the language of the address that failed: its words, `lang`, the home page
it leads back to and its script's font. (The database outage page: test_database_outage.py; nginx's own
pages: tests/test_nginx_front.py.)"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import path
from django.utils import translation

from attachment_portal.urls import urlpatterns as portal_urlpatterns
from core.i18n_urls import language_patterns, url_prefix


def faulty_view(request):
    raise RuntimeError("a fault in the view")


# The portal's addresses, and one in every language whose view fails.
urlpatterns = [*language_patterns(path("faulty/", faulty_view)), *portal_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def address_in(language: str) -> str:
    return "/" if language == settings.LANGUAGE_CODE else f"/{url_prefix(language)}/"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_fault_gives_the_500_page_in_the_language_of_the_address(client, language):
    client.raise_request_exception = False  # as a browser sees it

    response = client.get(f"{address_in(language)}faulty/")

    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        assert f'<h1 id="error-heading">{translation.gettext("Something went wrong on our side")}</h1>' in page
        assert f'<a href="{address_in(language)}">{translation.gettext("Go to the home page")}</a>' in page
    has_font = (Path(settings.BASE_DIR) / "static" / "css" / f"lang-{language}.css").exists()
    assert (f'href="/static/css/lang-{language}.css"' in page) == has_font


def test_an_english_fault_after_a_khmer_one_stays_english(client):
    client.raise_request_exception = False
    client.get("/km/faulty/")

    page = client.get("/faulty/").content.decode()

    assert '<html lang="en-gb">' in page
    assert "Something went wrong on our side" in page
    assert "/static/css/lang-" not in page

"""The page cache and languages: a page's language is its address's, so each prefixed address is
cached on its own, and an English copy is never served to a visitor who reads another language."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_pages(db):
    call_command("seed_programme", verbosity=0)


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


@pytest.mark.parametrize("path", ["/", "/stories/", "/stories/hoang-quoc-trung/", "/programme/junior-diplomats/13/"])
def test_a_first_visit_in_another_language_is_redirected_though_the_english_page_is_cached(seeded_pages, path):
    english = Client().get(path)
    assert english.status_code == 200
    with_khmer_browser = Client().get(path, HTTP_ACCEPT_LANGUAGE="km")
    assert with_khmer_browser.status_code == 302
    assert with_khmer_browser["Location"] == f"/km{path}"


def test_a_visitor_who_chose_burmese_is_redirected_though_the_english_page_is_cached(seeded_pages):
    Client().get("/statistics/")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    assert client.get("/statistics/")["Location"] == "/my-mm/statistics/"


def test_the_cached_english_page_is_still_served_to_english_readers(seeded_pages, django_assert_num_queries):
    Client().get("/stories/", HTTP_ACCEPT_LANGUAGE="en-GB")
    with django_assert_num_queries(0):
        second = Client().get("/stories/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert second.status_code == 200
    assert html_lang(second) == "en-gb"


@pytest.mark.parametrize("prefix", ["/km", "/lo", "/my-mm", "/vi"])
def test_each_prefixed_page_is_cached_at_its_own_address(seeded_pages, django_assert_num_queries, prefix):
    first = Client().get(f"{prefix}/stories/")
    assert first.status_code == 200
    # A visitor whose browser asks for another language still gets the page of the address.
    with django_assert_num_queries(0):
        second = Client().get(f"{prefix}/stories/", HTTP_ACCEPT_LANGUAGE="vi")
    assert second.content == first.content
    assert html_lang(second) == first["Content-Language"]


def test_the_same_page_in_two_languages_is_two_cached_pages(seeded_pages, django_assert_num_queries):
    khmer = Client().get("/km/programme/")
    burmese = Client().get("/my-mm/programme/")
    with django_assert_num_queries(0):
        assert html_lang(Client().get("/km/programme/")) == "km"
        assert html_lang(Client().get("/my-mm/programme/")) == "my"
    assert (html_lang(khmer), html_lang(burmese)) == ("km", "my")

"""Every public page in every language: 200, `<html lang>` set, the language switch and the
`hreflang` alternates naming the same page in each language. (Whether every string is translated
is the catalogues' own test.)"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.translation import override

from public.feeds import LatestStoriesFeed

pytestmark = pytest.mark.django_db

# Each language's code (as `<html lang>` and `hreflang` give it) and its address prefix.
PREFIXES = {"en-gb": "", "km": "/km", "lo": "/lo", "my": "/my-mm", "vi": "/vi"}
PUBLIC_PAGES = [
    "/",
    "/stories/",
    "/stories/hoang-quoc-trung/",
    "/graduates/",
    "/graduates/hoang-quoc-trung/",
    "/countries/vn/",
    "/programme/",
    "/programme/junior-diplomats/",
    "/programme/junior-diplomats/13/",
    "/statistics/",
    "/take-part/",
    "/feed/about/",
    "/verify/",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def switch_links(html: str) -> list[dict[str, str]]:
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S)[0]
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', attributes)) for attributes in re.findall(r"<a ([^>]*)>", switch)]


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="http://testserver([^"]+)">', html))


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_answers_in_every_language_and_links_itself_in_the_others(client, seeded, page):
    for language, prefix in PREFIXES.items():
        response = client.get(prefix + page)
        assert response.status_code == 200, prefix + page
        html = response.content.decode()
        assert re.search(r"<html lang=\"([^\"]+)\"", html)[1] == language
        links = switch_links(html)
        assert [link["lang"] for link in links] == list(PREFIXES)
        for link in links:
            assert link["href"] == f"/language/{link['lang']}/?next={PREFIXES[link['lang']]}{page}"
            assert ("aria-current" in link) == (link["lang"] == language)
        assert alternates(html) == {
            **{code: f"{other_prefix}{page}" for code, other_prefix in PREFIXES.items()},
            "x-default": page,
        }


def test_the_switch_names_each_language_in_itself(client, seeded):
    html = client.get("/lo/").content.decode()
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S)[0]
    names = re.findall(r">([^<>]+)</a>", switch)
    assert names == ["English", "ខ្មែរ", "ລາວ", "မြန်မာဘာသာ", "Tiếng Việt"]


def test_a_story_is_canonical_at_its_own_language_address(client, seeded):
    html = client.get("/my-mm/stories/hoang-quoc-trung/").content.decode()
    assert '<link rel="canonical" href="http://testserver/my-mm/stories/hoang-quoc-trung/">' in html


def test_the_api_page_is_in_english_only_and_has_no_language_alternates(client, seeded):
    response = client.get("/api/")
    assert response.status_code == 200
    assert alternates(response.content.decode()) == {}
    assert client.get("/km/api/").status_code == 404


@pytest.mark.parametrize("language", ["km", "lo", "my", "vi"])
def test_the_feed_in_each_language_links_that_languages_pages(client, seeded, language):
    prefix = PREFIXES[language]
    response = client.get(f"{prefix}/feed/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    with override(language):
        assert feed.find(f"{ATOM}title").text == str(LatestStoriesFeed.title)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == f"http://testserver{prefix}/stories/"
    assert links["self"] == f"http://testserver{prefix}/feed/"
    entry_links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    assert entry_links and all(link.startswith(f"http://testserver{prefix}/stories/") for link in entry_links)

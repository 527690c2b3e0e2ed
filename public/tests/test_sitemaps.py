"""/sitemap.xml (an index of the sections' files) and /robots.txt: every public page, and nothing else."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGE_PREFIXES = {"en-gb": "", "km": "/km", "lo": "/lo", "my": "/my-mm", "vi": "/vi"}


def sitemap_files(client) -> list[str]:
    """The address of each file /sitemap.xml, the index, names."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return [
        file.find(f"{SITEMAP}loc").text.removeprefix("http://testserver") for file in root.findall(f"{SITEMAP}sitemap")
    ]


def listed_urls(client) -> list[ET.Element]:
    """Every `<url>` of every file of the sitemap, as a crawler reading the index finds them."""
    urls = []
    for address in sitemap_files(client):
        response = client.get(address)
        assert response.status_code == 200, address
        urls += ET.fromstring(response.content).findall(f"{SITEMAP}url")
    return urls


def locations(client) -> list[str]:
    return [url.find(f"{SITEMAP}loc").text.removeprefix("http://testserver") for url in listed_urls(client)]


def test_lists_every_public_page_of_the_seeded_programme(client):
    call_command("seed_programme", verbosity=0)
    urls = locations(client)
    for fixed in (
        "/",
        "/stories/",
        "/graduates/",
        "/programme/",
        "/statistics/",
        "/take-part/",
        "/feed/about/",
        "/api/",
    ):
        assert fixed in urls
    for code in ("kh", "la", "mm", "vn"):
        assert f"/countries/{code}/" in urls
    for slug in ("ekkaphab-phanthavong", "hoang-quoc-trung", "chhy-ratha", "htet-htet-htoo"):
        assert f"/stories/{slug}/" in urls
        assert f"/graduates/{slug}/" in urls
    assert "/programme/junior-diplomats/" in urls
    assert "/programme/aec-ascc/" in urls
    assert "/programme/junior-diplomats/16/" in urls
    assert len([url for url in urls if url.count("/") == 4 and url.startswith("/programme/")]) == 21


def test_every_listed_page_answers(client):
    call_command("seed_programme", verbosity=0)
    for url in locations(client):
        assert client.get(url).status_code == 200, url


def test_leaves_out_officers_without_consent_and_unpublished_stories(client):
    hidden = OfficerFactory(slug="hidden-officer", public_profile_consent=False)
    PlacementFactory(officer=hidden)
    GraduateStoryFactory(officer=hidden, slug="hidden-story")
    GraduateStoryFactory(slug="draft-story", state="draft", published_on=None)
    current = OfficerFactory(slug="current-officer")
    PlacementFactory(officer=current, outcome="active")
    content = " ".join(ET.tostring(url, encoding="unicode") for url in listed_urls(client))
    assert "/stories/" in content
    for slug in ("hidden-officer", "hidden-story", "draft-story", "current-officer"):
        assert slug not in content


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer)
    GraduateStoryFactory.create_batch(3)
    # The index counts each section's records: public stories, public graduates, tracks, batches with their tracks.
    with django_assert_num_queries(4):
        assert client.get("/sitemap.xml").status_code == 200
    # public graduates
    with django_assert_num_queries(1):
        response = client.get("/sitemap-graduates.xml")
    listed = ET.fromstring(response.content).findall(f"{SITEMAP}url")
    assert len(listed) == (officers + 3) * len(LANGUAGE_PREFIXES)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    for area in ["/my/", "/nominate/", "/supervise/", "/accounts/", "/my-mm/my/", "/km/accounts/", "/vi/nominate/"]:
        assert f"Disallow: {area}\n" in text
    assert "Disallow: /my-mm/\n" not in text  # Burmese public pages stay open


def entries(client) -> dict[str, dict[str, str]]:
    """Each listed address with its alternates ({hreflang: address})."""
    return {
        url.find(f"{SITEMAP}loc").text.removeprefix("http://testserver"): {
            link.get("hreflang"): link.get("href").removeprefix("http://testserver")
            for link in url.findall(f"{XHTML}link")
        }
        for url in listed_urls(client)
    }


def test_lists_every_page_once_in_each_language_with_its_alternates(client):
    story = GraduateStoryFactory(slug="a-story")
    listed = entries(client)
    expected = {code: f"{prefix}/stories/a-story/" for code, prefix in LANGUAGE_PREFIXES.items()}
    for address in expected.values():
        assert listed[address] == {**expected, "x-default": "/stories/a-story/"}
    assert f"/graduates/{story.officer.slug}/" in listed
    assert f"/my-mm/graduates/{story.officer.slug}/" in listed
    assert "/my-mm/" in listed and "/km/programme/" in listed and "/vi/countries/vn/" in listed
    # Burmese pages are under /my-mm/; /my/ is the officers' own page and never listed.
    assert not any(address.startswith("/my/") for address in listed)


def test_the_api_page_has_one_address_and_is_listed_once(client):
    listed = entries(client)
    assert listed["/api/"] == {}
    assert [address for address in listed if address.endswith("/api/")] == ["/api/"]

"""/sitemap.xml is an index of the sitemap's files: one per section, split into more (`?p=2` onwards) before
a file would list more than the 50,000 addresses a sitemap file may hold."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import call_command

from officers.tests.factories import OfficerFactory, PlacementFactory
from public.sitemaps import SITEMAPS, GraduateSitemap
from public.tests.test_sitemaps import SITEMAP, sitemap_files

pytestmark = pytest.mark.django_db


def listed_in(client, address: str) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return [url.find(f"{SITEMAP}loc").text.removeprefix("http://testserver") for url in root.findall(f"{SITEMAP}url")]


def graduates(count: int) -> list[str]:
    officers = OfficerFactory.create_batch(count)
    for officer in officers:
        PlacementFactory(officer=officer)
    return [officer.slug for officer in officers]


def test_the_index_names_one_file_per_section(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert sitemap_files(client) == [f"/sitemap-{section}.xml" for section in SITEMAPS]


@pytest.mark.parametrize("section", SITEMAPS.values(), ids=SITEMAPS.keys())
def test_no_file_can_list_more_than_50000_addresses_counting_every_language(section):
    assert section.limit * len(settings.LANGUAGES) <= 50_000


def test_a_section_past_its_limit_is_split_into_files_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(GraduateSitemap, "limit", 2)
    slugs = graduates(5)

    files = [address for address in sitemap_files(client) if address.startswith("/sitemap-graduates.xml")]

    assert files == ["/sitemap-graduates.xml", "/sitemap-graduates.xml?p=2", "/sitemap-graduates.xml?p=3"]
    listed = {address: listed_in(client, address) for address in files}
    # Each file holds at most two graduates, each in every language.
    assert [len(addresses) for addresses in listed.values()] == [10, 10, 5]
    for slug in slugs:
        holding = [address for address, addresses in listed.items() if f"/graduates/{slug}/" in addresses]
        assert len(holding) == 1, slug
        assert f"/km/graduates/{slug}/" in listed[holding[0]]
        assert f"/my-mm/graduates/{slug}/" in listed[holding[0]]


def test_the_index_counts_each_sections_records_without_reading_them(client, django_assert_num_queries):
    graduates(3)

    # public stories, public graduates, tracks, batches with their tracks: each counted in the database
    with django_assert_num_queries(4) as captured:
        assert client.get("/sitemap.xml").status_code == 200
    assert all(query["sql"].startswith("SELECT COUNT(*)") for query in captured.captured_queries)


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-nothing.xml",
        "/sitemap-graduates.xml?p=2",
        "/sitemap-graduates.xml?p=0",
        "/sitemap-graduates.xml?p=two",
    ],
    ids=["unknown section", "page past the last", "page zero", "not a number"],
)
def test_an_unknown_section_or_page_is_not_found(client, address):
    graduates(3)

    assert client.get(address).status_code == 404


def test_a_page_past_the_last_is_never_stored(client, django_assert_num_queries):
    graduates(3)
    assert client.get("/sitemap-graduates.xml?p=9").status_code == 404

    # public graduates, read again
    with django_assert_num_queries(1):
        assert client.get("/sitemap-graduates.xml?p=9").status_code == 404


# The queries of each section's file, with the programme seeded: the fixed pages and the member states need none,
# each other section one (its records).
SECTION_QUERIES = {"pages": 0, "stories": 1, "graduates": 1, "countries": 0, "tracks": 1, "batches": 1}


@pytest.mark.parametrize("section", SECTION_QUERIES)
def test_each_file_reads_its_section_in_at_most_one_query(client, django_assert_num_queries, section):
    call_command("seed_programme", verbosity=0)

    with django_assert_num_queries(SECTION_QUERIES[section]):
        assert listed_in(client, f"/sitemap-{section}.xml")


def test_the_index_and_each_file_are_served_from_the_cache_the_second_time(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(GraduateSitemap, "limit", 2)
    graduates(3)
    addresses = ["/sitemap.xml", *sitemap_files(client)]
    assert "/sitemap-graduates.xml?p=2" in addresses
    first = {address: client.get(address).content for address in addresses}

    with django_assert_num_queries(0):
        second = {address: client.get(address).content for address in addresses}
    assert second == first

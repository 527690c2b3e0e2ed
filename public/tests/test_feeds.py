"""/feed/: the Atom feed of public stories."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from officers.models import Officer
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_is_an_atom_feed_of_the_seeded_stories(client):
    call_command("seed_programme", verbosity=0)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "ASEAN Attachment Programme: graduate stories"
    items = entries(response)
    assert len(items) == 4
    titles = {item.find(f"{ATOM}title").text for item in items}
    assert "Hoang Quoc Trung: a balanced point of view, and a posting to Japan" in titles
    trung = next(item for item in items if item.find(f"{ATOM}title").text.startswith("Hoang"))
    assert trung.find(f"{ATOM}link").get("href") == "http://testserver/stories/hoang-quoc-trung/"
    assert trung.find(f"{ATOM}author/{ATOM}name").text == "JAIF Management Team"
    assert trung.find(f"{ATOM}published").text.startswith("2019-09-29")
    assert trung.find(f"{ATOM}summary").text.startswith("On-site training with his mentors")


def test_only_public_stories_are_in_the_feed(client):
    GraduateStoryFactory(headline="Public story")
    GraduateStoryFactory(headline="Draft story", state="draft", published_on=None)
    GraduateStoryFactory(headline="Review story", state="in_review", published_on=None)
    GraduateStoryFactory(headline="Future story", published_on="2999-01-01")
    hidden = OfficerFactory(public_profile_consent=False)
    PlacementFactory(officer=hidden)
    GraduateStoryFactory(officer=hidden, headline="Story without consent")
    response = client.get("/feed/")
    assert [item.find(f"{ATOM}title").text for item in entries(response)] == ["Public story"]


def test_newest_first(client):
    GraduateStoryFactory(headline="Older", published_on="2019-01-01")
    GraduateStoryFactory(headline="Newer", published_on="2020-01-01")
    assert [item.find(f"{ATOM}title").text for item in entries(client.get("/feed/"))] == ["Newer", "Older"]


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer)
    for officer in Officer.objects.all()[:25]:
        GraduateStoryFactory(officer=officer)
    # the latest twenty public stories with their officers
    with django_assert_num_queries(1):
        response = client.get("/feed/")
    assert len(entries(response)) == min(officers, 20)

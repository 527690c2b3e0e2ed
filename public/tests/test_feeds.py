"""/feed/: the Atom feed of public stories."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from officers.models import GraduateStory, Officer
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
    story = GraduateStory.objects.get(slug="hoang-quoc-trung")
    assert trung.find(f"{ATOM}summary").text == story.standfirst
    assert "Trung has started his term as Consul at the Consulate General of Viet Nam in Osaka" in (
        trung.find(f"{ATOM}content").text
    )


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


class TestEachEntry:
    def test_has_the_whole_text_of_the_story_sanitised(self, client):
        GraduateStoryFactory(
            standfirst="The summary.",
            body='First paragraph with a [link](https://example.org).\n\nSecond <script>alert("x")</script> one.',
        )
        entry = entries(client.get("/feed/"))[0]
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        link = '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>'
        assert f"<p>First paragraph with a {link}.</p>" in content.text
        assert "Second" in content.text and "one.</p>" in content.text
        assert "<script" not in content.text and "alert" not in content.text
        assert entry.find(f"{ATOM}summary").text == "The summary."

    def test_says_when_the_story_was_last_saved(self, client):
        story = GraduateStoryFactory(headline="Edited later", published_on=date(2019, 9, 29))
        story.body = "A corrected paragraph."
        story.save()
        edited_at = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
        dated_saves(story, first=datetime(2019, 9, 1, tzinfo=UTC), last=edited_at)
        entry = entries(client.get("/feed/"))[0]
        assert entry.find(f"{ATOM}published").text.startswith("2019-09-29")
        assert datetime.fromisoformat(entry.find(f"{ATOM}updated").text) == edited_at

    def test_is_updated_at_its_publication_when_saved_before_that_day(self, client):
        story = GraduateStoryFactory(published_on=date(2019, 9, 29))
        saved = datetime(2019, 1, 1, tzinfo=UTC)
        dated_saves(story, first=saved, last=saved)
        updated = entries(client.get("/feed/"))[0].find(f"{ATOM}updated").text
        assert updated.startswith("2019-09-29T00:00:00")

    def test_a_story_written_without_history_is_updated_at_its_publication(self, client):
        story = GraduateStoryFactory(published_on=date(2019, 9, 29))
        GraduateStory.history.filter(id=story.pk).delete()
        assert entries(client.get("/feed/"))[0].find(f"{ATOM}updated").text.startswith("2019-09-29T00:00:00")

    def test_every_entry_has_one_updated(self, client):
        GraduateStoryFactory.create_batch(3)
        assert all(len(entry.findall(f"{ATOM}updated")) == 1 for entry in entries(client.get("/feed/")))


def dated_saves(story: GraduateStory, *, first: datetime, last: datetime) -> None:
    """Date the story's recorded saves: the first one `first`, the latest `last`."""
    saves = list(GraduateStory.history.filter(id=story.pk).order_by("history_date"))
    for save in saves:
        GraduateStory.history.filter(pk=save.pk).update(history_date=first)
    GraduateStory.history.filter(pk=saves[-1].pk).update(history_date=last)


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer)
    for officer in Officer.objects.all()[:25]:
        GraduateStoryFactory(officer=officer)
    # the latest twenty public stories with their officers and their last save (a subquery)
    with django_assert_num_queries(1):
        response = client.get("/feed/")
    assert len(entries(response)) == min(officers, 20)

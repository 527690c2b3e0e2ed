"""The public lists count their records, and read their filters' choices, once per change of them: a
graduate or story added is counted on the next page, a text search is counted every time."""

import pytest

from batches.tests.factories import BatchFactory
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def graduate(country: str):
    return PlacementFactory(officer=OfficerFactory(country=country)).officer


def test_a_graduate_added_is_counted_on_the_next_page_and_each_filter_has_its_own_count(
    client, django_capture_on_commit_callbacks
):
    graduate("VN")
    graduate("KH")
    # A made-up parameter keeps the pages out of the page cache: only the counts are kept.
    assert "2 graduates" in text_of(client.get("/graduates/?fresh=1"))
    assert "1 graduate matches" in text_of(client.get("/graduates/?country=VN&fresh=1"))
    with django_capture_on_commit_callbacks(execute=True):
        graduate("VN")
    assert "3 graduates" in text_of(client.get("/graduates/?fresh=2"))
    assert "2 graduates match" in text_of(client.get("/graduates/?country=vn&fresh=2"))
    assert "1 graduate matches" in text_of(client.get("/graduates/?country=KH&fresh=2"))


def test_the_count_is_read_once_per_change_for_a_filter(client, django_assert_num_queries):
    graduate("VN")
    client.get("/graduates/?country=VN&fresh=1")
    # The graduates of the page and their placements and milestones; no count.
    with django_assert_num_queries(3):
        client.get("/graduates/?country=VN&fresh=2")


def test_a_text_search_is_counted_every_time(client, django_capture_on_commit_callbacks):
    GraduateStoryFactory(headline="Trade in Hanoi")
    assert "1 story matches “Hanoi”" in text_of(client.get("/stories/?q=Hanoi"))
    # Not even a change of the records is needed: nothing about the search is kept.
    GraduateStoryFactory(headline="Hanoi again")
    assert "2 stories match “Hanoi”" in text_of(client.get("/stories/?q=Hanoi&fresh=1"))


def test_a_story_published_is_counted_on_the_next_page(client, django_capture_on_commit_callbacks):
    GraduateStoryFactory()
    assert "1 story" in text_of(client.get("/stories/?fresh=1"))
    with django_capture_on_commit_callbacks(execute=True):
        GraduateStoryFactory()
    assert "2 stories" in text_of(client.get("/stories/?fresh=2"))


def test_a_batch_added_is_offered_by_the_batch_filter_on_the_next_page(client, django_capture_on_commit_callbacks):
    track = PlacementFactory().batch.track
    path = f"/graduates/?track={track.slug}"
    assert 'value="99"' not in client.get(f"{path}&fresh=1").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        BatchFactory(track=track, number=99)
    assert 'value="99"' in client.get(f"{path}&fresh=2").content.decode()

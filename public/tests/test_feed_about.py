"""/feed/about/: what the stories' feed is and how to follow it, for people rather than feed readers."""

import pytest

from officers.tests.factories import GraduateStoryFactory, OfficerFactory
from public.feeds import FEED_LENGTH
from public.tests.test_html import check
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db

URL = "/feed/about/"


def test_explains_the_feed_and_gives_its_whole_address_to_copy(client):
    response = client.get(URL)
    assert response.status_code == 200
    content, page = response.content.decode(), text_of(response)
    assert "<h1>The stories’ feed</h1>" in content
    assert '<label for="feed-address">The feed’s address, to copy</label>' in content
    assert '<input id="feed-address" class="share__field" type="url" value="http://testserver/feed/" readonly>' in (
        content
    )
    assert '<a href="/feed/">Open the feed</a>' in content
    assert f"The {FEED_LENGTH} latest published stories, newest first." in page
    assert "its whole text" in page
    assert check(content).problems == []


def test_is_linked_wherever_the_feed_is(client):
    for path in ("/", "/stories/", URL):
        content = client.get(path).content.decode()
        assert '<a href="/feed/">Atom feed of stories</a> (<a href="/feed/about/">about the feed</a>)' in content, path
    assert '<a href="/feed/about/">what is a feed?</a>' in client.get("/stories/").content.decode()


def test_is_served_from_the_cache_the_second_time(client, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_reads_no_record_however_many_there_are(client, django_assert_num_queries, records):
    OfficerFactory.create_batch(records)
    GraduateStoryFactory.create_batch(3)
    # none: the page says the same whatever is published
    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200

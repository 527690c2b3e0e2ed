"""/stories/: the public list, its filters, search and pagination."""

import pytest
from django.utils.html import escape

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import GraduateStory, Officer, StoryState
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db

SEEDED_ORDER = [
    "Ekkaphab Phanthavong: an experience that changed his life",
    "Hoang Quoc Trung: a balanced point of view, and a posting to Japan",
    "Chhy Ratha: working as ASEC staff, then leading at home",
    "Htet Htet Htoo: confidence, networks and trade negotiations",
]


def headlines(response) -> list[str]:
    return [story.headline for story in response.context["stories"]]


def test_lists_the_seeded_stories_chronologically_by_batch_oldest_first(client, seeded):
    response = client.get("/stories/")
    assert response.status_code == 200
    assert headlines(response) == SEEDED_ORDER
    page = text_of(response)
    assert "4 stories" in page
    assert "Lao PDR, Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)" in page
    assert 'href="/stories/ekkaphab-phanthavong/"' in response.content.decode()


def test_filters_by_country_given_as_an_iso_code_in_either_case(client, seeded):
    assert headlines(client.get("/stories/?country=VN")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?country=kh")) == [SEEDED_ORDER[2]]


def test_filters_by_track_and_batch_and_they_combine(client, seeded):
    assert headlines(client.get("/stories/?track=aec-ascc")) == SEEDED_ORDER[2:]
    assert headlines(client.get("/stories/?track=junior-diplomats&batch=13")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?track=aec-ascc&batch=13")) == []
    assert headlines(client.get("/stories/?country=VN&track=junior-diplomats&batch=13")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?country=LA&track=junior-diplomats&batch=13")) == []


def test_batch_alone_matches_that_number_in_any_track(client, seeded):
    assert headlines(client.get("/stories/?batch=3")) == [SEEDED_ORDER[3]]


def test_text_search_finds_words_in_the_body_and_the_name(client, seeded):
    assert headlines(client.get("/stories/?q=Osaka")) == [SEEDED_ORDER[1]]
    assert SEEDED_ORDER[0] in headlines(client.get("/stories/?q=Ekkaphab"))


def test_search_combines_with_the_filters(client, seeded):
    assert headlines(client.get("/stories/?q=Japan&country=VN")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?q=Osaka&country=KH")) == []


@pytest.mark.parametrize(
    "query",
    ['"balanced point', "100%", "_", "%_%", "it's", "a & b | !c", "<script>", "x" * 500, "   "],
)
def test_search_with_awkward_text_never_fails(client, seeded, query):
    response = client.get("/stories/", {"q": query})
    assert response.status_code == 200
    # The text stays in the search box, escaped, and the page says how many stories match it.
    assert f'name="q" value="{escape(query)}"' in response.content.decode()
    assert "<script>" not in response.content.decode()
    found = response.content.decode().count('<article class="story-card')
    page = text_of(response)
    assert ("1 story matches" if found == 1 else f"{found} stories match") in page
    if found == 0:
        assert "No published story matches all of these filters." in page


def test_a_search_of_blank_spaces_lists_every_story(client, seeded):
    assert headlines(client.get("/stories/", {"q": "   "})) == SEEDED_ORDER


def test_a_search_longer_than_the_limit_is_explained_not_an_error(client, seeded):
    response = client.get("/stories/", {"q": "x" * 501})
    assert response.status_code == 200
    assert headlines(response) == []
    assert "at most 500 characters" in text_of(response)


@pytest.mark.parametrize(
    ("query", "explanation"),
    [
        ("country=FR", "There is no country “FR” in the programme"),
        ("track=no-such-track", "There is no programme track called “no-such-track”"),
        ("batch=thirteen", "A batch is given by its number, such as 13."),
        ("batch=0", "greater than or equal to 1"),
        ("batch=99999999999999999999", "less than or equal to 32767"),
    ],
)
def test_an_unknown_filter_value_gives_an_empty_explained_result(client, seeded, query, explanation):
    response = client.get(f"/stories/?{query}")
    assert response.status_code == 200
    assert headlines(response) == []
    page = text_of(response)
    assert "No stories can match these filters" in page
    assert explanation in page
    assert "Clear the filters and show every story" in page


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, seeded):
    response = client.get("/stories/?q=zeppelin")
    page = text_of(response)
    assert "0 stories match" in page
    assert "No published story matches all of these filters." in page
    assert 'href="/stories/">Clear the filters and show every story' in response.content.decode()


def test_with_no_story_published_the_page_says_so(client):
    response = client.get("/stories/")
    assert response.status_code == 200
    assert "No stories have been published yet." in text_of(response)


class TestPagination:
    @pytest.fixture
    def twelve_stories(self):
        track = ProgrammeTrackFactory(slug="junior-diplomats")
        for number in range(1, 13):
            batch = BatchFactory(track=track, number=number, start_date=f"{2000 + number}-01-01", end_date=None)
            officer = PlacementFactory(batch=batch).officer
            GraduateStoryFactory(officer=officer, headline=f"Story of batch {number}")

    def test_ten_a_page_with_links_that_keep_the_filters(self, client, twelve_stories):
        first = client.get("/stories/?track=junior-diplomats")
        assert headlines(first) == [f"Story of batch {n}" for n in range(1, 11)]
        assert 'href="?track=junior-diplomats&amp;page=2"' in first.content.decode()
        second = client.get("/stories/?track=junior-diplomats&page=2")
        assert headlines(second) == ["Story of batch 11", "Story of batch 12"]

    @pytest.mark.parametrize("page", ["3", "999", "99999999999999999999"])
    def test_a_page_past_the_end_shows_the_last_page(self, client, twelve_stories, page):
        response = client.get(f"/stories/?page={page}")
        assert response.status_code == 200
        assert headlines(response) == ["Story of batch 11", "Story of batch 12"]
        assert "Page 2 of 2" in text_of(response)

    @pytest.mark.parametrize("page", ["abc", "", "1.5"])
    def test_a_page_that_is_not_a_number_shows_the_first(self, client, twelve_stories, page):
        response = client.get(f"/stories/?page={page}")
        assert response.status_code == 200
        assert headlines(response) == [f"Story of batch {n}" for n in range(1, 11)]
        assert "Page 1 of 2" in text_of(response)


class TestOnlyPublicStoriesAreListed:
    def test_drafts_and_stories_in_review_are_not_listed(self, client):
        GraduateStoryFactory(headline="Draft story", state=StoryState.DRAFT, published_on=None)
        GraduateStoryFactory(headline="Story in review", state=StoryState.IN_REVIEW, published_on=None)
        GraduateStoryFactory(headline="Published story")
        response = client.get("/stories/")
        assert headlines(response) == ["Published story"]
        assert "Draft story" not in response.content.decode()

    def test_a_story_dated_in_the_future_is_not_listed(self, client):
        GraduateStoryFactory(headline="Tomorrow's story", published_on="2999-01-01")
        assert headlines(client.get("/stories/")) == []

    def test_a_story_of_an_officer_without_consent_is_not_listed_nor_found(self, client):
        hidden = OfficerFactory(full_name="Hidden Officer", public_profile_consent=False)
        PlacementFactory(officer=hidden)
        GraduateStoryFactory(officer=hidden, headline="Hidden story", body="Unique word quixotic.")
        for url in ("/stories/", "/stories/?q=quixotic", "/stories/?q=Hidden", "/stories/?country=VN"):
            response = client.get(url)
            assert headlines(response) == []
            assert "Hidden story" not in response.content.decode()
            assert "Hidden Officer" not in response.content.decode()

    def test_private_contact_details_never_appear(self, client):
        story = GraduateStoryFactory()
        Officer.objects.filter(pk=story.officer_id).update(email="private@example.org", phone="+84 99 1234 5678")
        content = client.get("/stories/").content.decode()
        assert "private@example.org" not in content
        assert "1234 5678" not in content


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    track = ProgrammeTrackFactory(slug="junior-diplomats")
    batch = BatchFactory(track=track, number=1)
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer, batch=batch)
    for officer in Officer.objects.all()[:12]:
        GraduateStoryFactory(officer=officer)
    assert GraduateStory.objects.public().count() == min(officers, 12)
    # tracks for the filter form, count of matching stories, the page of stories with their officers,
    # their placements (with batches, tracks and divisions), their photos
    with django_assert_num_queries(5):
        response = client.get("/stories/?track=junior-diplomats&country=VN&q=story")
    assert response.status_code == 200
    assert len(headlines(response)) == min(officers, 10)

"""/stories/: the public list, its order, filters, search, marked words and pagination."""

import re
from datetime import date

import pytest
from django.utils.html import escape

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import GraduateStory, Officer, StoryPhoto, StoryState
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory, StoryPhotoFactory
from public.tests.test_html import check
from public.tests.test_story_detail import stored_image
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


def options_of(response, field: str) -> list[tuple[str, str]]:
    """The (value, label) of each option the field's select offers."""
    content = response.content.decode()
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', content, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def selected_in(response, field: str) -> str:
    content = response.content.decode()
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', content, re.S).group(1)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


class TestOrder:
    def test_newest_first_by_default(self, client):
        GraduateStoryFactory(headline="Older", published_on=date(2018, 1, 1))
        GraduateStoryFactory(headline="Newest", published_on=date(2021, 1, 1))
        GraduateStoryFactory(headline="Middle", published_on=date(2020, 1, 1))
        response = client.get("/stories/")
        assert headlines(response) == ["Newest", "Middle", "Older"]
        assert "newest first" in text_of(response)
        assert selected_in(response, "order") == ""

    def test_by_batch_keeps_the_articles_order_oldest_batch_first(self, client, seeded):
        response = client.get("/stories/?order=batch")
        assert headlines(response) == SEEDED_ORDER
        page = text_of(response)
        assert "4 stories" in page
        assert "ordered by their batch, oldest first" in page
        assert selected_in(response, "order") == "batch"
        assert "Lao PDR, Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)" in page
        assert 'href="/stories/ekkaphab-phanthavong/"' in response.content.decode()

    def test_the_order_combines_with_the_filters(self, client, seeded):
        assert headlines(client.get("/stories/?track=aec-ascc&order=batch")) == SEEDED_ORDER[2:]

    def test_an_unknown_order_is_kept_and_explained(self, client, seeded):
        response = client.get("/stories/?order=random")
        assert headlines(response) == []
        assert selected_in(response, "order") == "random"
        assert "Stories are listed newest first or by batch (oldest first)." in text_of(response)


def test_filters_by_country_given_as_an_iso_code_in_either_case(client, seeded):
    assert headlines(client.get("/stories/?country=VN")) == [SEEDED_ORDER[1]]
    lower_case = client.get("/stories/?country=kh")
    assert headlines(lower_case) == [SEEDED_ORDER[2]]
    assert selected_in(lower_case, "country") == "KH"


def test_filters_by_track_and_batch_and_they_combine(client, seeded):
    assert headlines(client.get("/stories/?track=aec-ascc&order=batch")) == SEEDED_ORDER[2:]
    assert headlines(client.get("/stories/?track=junior-diplomats&batch=13")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?country=VN&track=junior-diplomats&batch=13")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?country=LA&track=junior-diplomats&batch=13")) == []


def test_batch_alone_matches_that_number_in_any_track(client, seeded):
    assert headlines(client.get("/stories/?batch=3")) == [SEEDED_ORDER[3]]


class TestTheBatchFilter:
    def test_offers_only_the_chosen_tracks_batches_with_their_years(self, client, seeded):
        options = options_of(client.get("/stories/?track=aec-ascc"), "batch")
        assert options[0] == ("", "All batches")
        assert [value for value, _label in options[1:]] == ["1", "2", "3", "4", "5"]
        assert ("2", "2nd Batch, 2015-2016") in options

    def test_with_no_track_offers_every_number_some_track_has(self, client, seeded):
        options = options_of(client.get("/stories/"), "batch")
        assert [value for value, _label in options[1:]] == [str(n) for n in range(1, 17)]
        assert ("13", "13th Batch") in options
        assert "choose the track and show its stories first" in text_of(client.get("/stories/"))

    def test_a_batch_the_chosen_track_lacks_is_kept_in_its_field_and_explained(self, client, seeded):
        response = client.get("/stories/?track=aec-ascc&batch=13")
        assert headlines(response) == []
        assert selected_in(response, "batch") == "13"
        assert "The AEC and ASCC Involvement track has no batch numbered “13”." in text_of(response)


def test_text_search_finds_words_in_the_body_and_the_name(client, seeded):
    assert headlines(client.get("/stories/?q=Osaka")) == [SEEDED_ORDER[1]]
    assert SEEDED_ORDER[0] in headlines(client.get("/stories/?q=Ekkaphab"))


def test_search_combines_with_the_filters(client, seeded):
    assert headlines(client.get("/stories/?q=Japan&country=VN")) == [SEEDED_ORDER[1]]
    assert headlines(client.get("/stories/?q=Osaka&country=KH")) == []


class TestTheSearchIsShownBack:
    def test_the_result_line_repeats_the_query(self, client, seeded):
        assert "1 story matches “Osaka”" in text_of(client.get("/stories/?q=Osaka"))

    def test_the_matched_words_are_marked_in_the_cards(self, client):
        GraduateStoryFactory(headline="A posting to Japan", standfirst="Consul in Japan, then Osaka.")
        content = client.get("/stories/?q=japan").content.decode()
        assert "A posting to <mark>Japan</mark></a>" in content
        assert "Consul in <mark>Japan</mark>, then Osaka." in content

    def test_marking_never_lets_a_stories_text_become_markup(self, client):
        GraduateStoryFactory(headline="<script>alert(1)</script> Japan & <b>more</b>")
        content = client.get("/stories/", {"q": "Japan"}).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Japan</mark> &amp; &lt;b&gt;more&lt;/b&gt;" in content
        assert "<script>" not in content
        assert "<b>more" not in content

    def test_cards_elsewhere_are_not_marked(self, client):
        GraduateStoryFactory(headline="A posting to Japan")
        assert "<mark>" not in client.get("/stories/").content.decode()
        assert "<mark>" not in client.get("/").content.decode()


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
    if not query.strip():
        assert found == 4
        return
    assert (f"1 story matches “{query}”" if found == 1 else f"{found} stories match “{query}”") in page
    if found == 0:
        assert f"No published story matches “{query}”." in page


def test_a_search_of_blank_spaces_lists_every_story(client, seeded):
    assert headlines(client.get("/stories/", {"q": "   ", "order": "batch"})) == SEEDED_ORDER


def test_a_search_longer_than_the_limit_is_explained_not_an_error(client, seeded):
    response = client.get("/stories/", {"q": "x" * 501})
    assert response.status_code == 200
    assert headlines(response) == []
    assert "at most 500 characters" in text_of(response)


@pytest.mark.parametrize(
    ("query", "field", "explanation"),
    [
        ("country=FR", "country", "There is no country “FR” in the programme"),
        ("track=no-such-track", "track", "There is no programme track called “no-such-track”"),
        ("batch=thirteen", "batch", "A batch is given by its number, such as 13."),
        ("batch=0", "batch", "No programme track has a batch numbered “0”."),
        ("batch=99999999999999999999", "batch", "No programme track has a batch numbered “99999999999999999999”."),
    ],
)
def test_an_unknown_filter_value_is_kept_in_its_field_and_explained_under_the_filters(
    client, seeded, query, field, explanation
):
    response = client.get(f"/stories/?{query}")
    assert response.status_code == 200
    assert headlines(response) == []
    content, page = response.content.decode(), text_of(response)
    assert "No stories can match these filters" in page
    assert explanation in page
    assert selected_in(response, field) == query.split("=")[1]
    # Under the row of filters, inside the form, and pointed at by the field it is about.
    errors = content.index('class="filters__errors')
    assert content.index('class="filters__actions"') < errors < content.index("</form>")
    assert f'aria-describedby="id_{field}-error"' in content
    assert re.search(rf'<li id="id_{field}-error"><a href="#id_{field}">', content)
    assert f'<a href="/stories/">Remove the {field}: ' in content
    assert "Clear the filters and show every story" in page


class TestNoResult:
    def test_repeats_the_query_and_offers_to_remove_each_filter(self, client, seeded):
        response = client.get("/stories/?q=zeppelin&country=VN&track=junior-diplomats&batch=13")
        content, page = response.content.decode(), text_of(response)
        assert "0 stories match “zeppelin”" in page
        assert "No published story matches “zeppelin” with these filters." in page
        assert "Try removing one of them:" in page
        assert (
            '<a href="/stories/?country=VN&amp;track=junior-diplomats&amp;batch=13">Remove the search “zeppelin”</a>'
            in content
        )
        assert (
            '<a href="/stories/?q=zeppelin&amp;track=junior-diplomats&amp;batch=13">Remove the country: Viet Nam'
            in (content)
        )
        assert '<a href="/stories/?q=zeppelin&amp;country=VN&amp;batch=13">Remove the track: Junior Diplomats' in (
            content
        )
        assert (
            '<a href="/stories/?q=zeppelin&amp;country=VN&amp;track=junior-diplomats">'
            "Remove the batch: 13th Batch, 2014-2015" in content
        )
        assert 'href="/stories/">Clear the filters and show every story' in content

    def test_a_search_alone_is_offered_for_removal_too(self, client, seeded):
        response = client.get("/stories/?q=zeppelin")
        assert "No published story matches “zeppelin”." in text_of(response)
        assert '<a href="/stories/">Remove the search “zeppelin”</a>' in response.content.decode()

    def test_removing_a_filter_finds_the_stories_again(self, client, seeded):
        response = client.get("/stories/?q=Osaka&country=KH")
        link = re.search(r'<a href="([^"]+)">Remove the country: Cambodia', response.content.decode()).group(1)
        assert headlines(client.get(link.replace("&amp;", "&"))) == [SEEDED_ORDER[1]]


@pytest.mark.parametrize(
    "query",
    ["", "?q=Japan&order=batch", "?q=zeppelin&country=VN", "?country=FR&track=aec-ascc&batch=13&order=x"],
)
def test_every_state_of_the_list_is_well_formed(client, seeded, query):
    assert check(client.get(f"/stories/{query}").content.decode()).problems == []


def test_with_no_story_published_the_page_says_so(client):
    response = client.get("/stories/")
    assert response.status_code == 200
    assert "No stories have been published yet." in text_of(response)


def test_the_page_points_to_the_feed_and_what_a_feed_is(client):
    content = client.get("/stories/").content.decode()
    assert '<a href="/feed/">the stories’ Atom feed</a>' in content
    assert '<a href="/feed/about/">what is a feed?</a>' in content


def test_a_cards_date_is_written_as_the_pages_language_writes_dates(client):
    GraduateStoryFactory(published_on=date(2019, 9, 29))

    content = client.get("/vi/stories/").content.decode()

    assert '<time datetime="2019-09-29">29 tháng 9 năm 2019</time>' in content


class TestCardsShowTheLeadPhoto:
    def test_the_first_photo_with_a_file_in_renditions_with_its_size_lazily(self, client):
        story = GraduateStoryFactory(headline="With a photo")
        StoryPhotoFactory(story=story, position=0, alt_text="No file here")
        photo = StoryPhotoFactory(story=story, position=1, alt_text="Officers at the study visit in Japan")
        StoryPhoto.objects.filter(pk=photo.pk).update(
            image=stored_image("original.jpg", (1600, 1000)),
            image_small=stored_image("small.jpg", (480, 300)),
            image_large=stored_image("large.jpg", (1200, 750)),
            width=1600,
            height=1000,
        )
        content = client.get("/stories/").content.decode()
        img = re.search(r'<img class="story-card__image"[^>]*>', content).group(0)
        assert re.search(r'srcset="/media/story-photos/small[^ ]*\.jpg 480w, /media/story-photos/large', img)
        assert 'width="1200" height="750"' in img
        assert 'loading="lazy"' in img
        assert 'alt="Officers at the study visit in Japan"' in img

    def test_a_story_without_a_readable_photo_has_no_image(self, client):
        StoryPhotoFactory(caption="No file")
        GraduateStoryFactory(headline="No photo at all")
        content = client.get("/stories/").content.decode()
        assert content.count('<article class="story-card') == 2
        assert "<img" not in content[content.index("<main") : content.index("</main>")]


def test_pages_in_the_other_order_are_cached_like_the_rest(client, seeded, django_assert_num_queries):
    first = client.get("/stories/?order=batch&track=aec-ascc")
    with django_assert_num_queries(0):
        assert client.get("/stories/?order=batch&track=aec-ascc").content == first.content


class TestPagination:
    @pytest.fixture
    def twelve_stories(self):
        track = ProgrammeTrackFactory(slug="junior-diplomats")
        for number in range(1, 13):
            batch = BatchFactory(track=track, number=number, start_date=f"{2000 + number}-01-01", end_date=None)
            officer = PlacementFactory(batch=batch).officer
            GraduateStoryFactory(officer=officer, headline=f"Story of batch {number}")

    def test_ten_a_page_with_links_that_keep_the_filters_and_the_order(self, client, twelve_stories):
        first = client.get("/stories/?track=junior-diplomats&order=batch")
        assert headlines(first) == [f"Story of batch {n}" for n in range(1, 11)]
        assert 'href="?track=junior-diplomats&amp;order=batch&amp;page=2"' in first.content.decode()
        second = client.get("/stories/?track=junior-diplomats&order=batch&page=2")
        assert headlines(second) == ["Story of batch 11", "Story of batch 12"]

    @pytest.mark.parametrize("page", ["3", "999", "99999999999999999999"])
    def test_a_page_past_the_end_shows_the_last_page(self, client, twelve_stories, page):
        response = client.get(f"/stories/?order=batch&page={page}")
        assert response.status_code == 200
        assert headlines(response) == ["Story of batch 11", "Story of batch 12"]
        assert "Page 2 of 2" in text_of(response)

    @pytest.mark.parametrize("page", ["abc", "", "1.5"])
    def test_a_page_that_is_not_a_number_shows_the_first(self, client, twelve_stories, page):
        response = client.get(f"/stories/?order=batch&page={page}")
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
    BatchFactory.create_batch(officers, track=ProgrammeTrackFactory())
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer, batch=batch)
    for officer in Officer.objects.all()[:12]:
        GraduateStoryFactory(officer=officer)
        StoryPhotoFactory.create_batch(2, story=officer.stories.get())
    assert GraduateStory.objects.public().count() == min(officers, 12)
    # tracks and their batches for the filter form (two), count of matching stories, the page of
    # stories with their officers, their placements (with batches, tracks and divisions), their photos
    with django_assert_num_queries(6):
        response = client.get("/stories/?track=junior-diplomats&country=VN&q=story")
    assert response.status_code == 200
    assert len(headlines(response)) == min(officers, 10)

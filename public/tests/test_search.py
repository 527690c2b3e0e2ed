"""Story search: full-text with ranking on PostgreSQL, contains-search on SQLite, same answers for words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from officers.models import GraduateStory
from officers.services.officer_records import save_officer
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory
from public.highlight import highlight, search_terms
from public.story_filters import StoryFilters, filter_stories, search_stories
from public.story_list_form import StoryFilterForm

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the contains-search serves SQLite")


def found(text: str) -> list[str]:
    stories = GraduateStory.objects.public().chronological_by_batch()
    return [story.headline for story in search_stories(stories, text)]


@pytest.fixture
def stories():
    GraduateStoryFactory(headline="A posting to Osaka", body="He became Consul in Japan.")
    GraduateStoryFactory(headline="Trade negotiations", body="Diplomatic training in Malaysia helped; 50% of it.")
    GraduateStoryFactory(
        headline="Leading at home",
        officer=PlacementFactory(officer=OfficerFactory(full_name="Chhy Ratha")).officer,
        body="She became a director.",
    )


def test_finds_words_in_headline_body_and_the_officers_name(stories):
    assert found("Osaka") == ["A posting to Osaka"]
    assert found("Malaysia") == ["Trade negotiations"]
    assert found("Ratha") == ["Leading at home"]


def test_is_case_insensitive(stories):
    assert found("MALAYSIA") == ["Trade negotiations"]


@pytest.mark.parametrize("text", ['"', "'", "%", "_", "%_", "a:b & !c | (", "\\", "x" * 500, "<>", "日本"])
def test_any_text_is_safe_to_search(stories, text):
    assert isinstance(found(text), list)


@on_sqlite
def test_percent_and_underscore_match_themselves_not_anything(stories):
    assert found("%") == ["Trade negotiations"]
    assert found("_") == []


@on_postgresql
def test_a_headline_match_ranks_above_a_body_match():
    GraduateStoryFactory(headline="Study visit stories", body="Nothing else here.", published_on="2019-01-01")
    GraduateStoryFactory(headline="Another story", body="It mentions Japan once.", published_on="2018-01-01")
    GraduateStoryFactory(headline="Japan and ASEAN", body="Something.", published_on="2020-01-01")
    assert found("Japan") == ["Japan and ASEAN", "Another story"]


@on_postgresql
def test_stemming_matches_other_forms_of_a_word():
    GraduateStoryFactory(headline="Negotiating trade", body="She negotiated.")
    assert found("negotiations") == ["Negotiating trade"]


@on_postgresql
def test_web_search_syntax_is_understood():
    GraduateStoryFactory(headline="Japan visit", body="Study visit in Japan.")
    GraduateStoryFactory(headline="Malaysia training", body="Training in Malaysia, not Japan.")
    assert found('"study visit"') == ["Japan visit"]
    assert found("Japan -Malaysia") == ["Japan visit"]


def test_filters_narrow_public_stories_only(stories):
    hidden = OfficerFactory(public_profile_consent=False)
    PlacementFactory(officer=hidden)
    GraduateStoryFactory(officer=hidden, headline="Hidden posting to Osaka")
    stories_found = filter_stories(GraduateStory.objects.public(), StoryFilters(text="Osaka"))
    assert [story.headline for story in stories_found] == ["A posting to Osaka"]


class TestFilterForm:
    def form(self, data: dict) -> StoryFilterForm:
        return StoryFilterForm(data, tracks=[])

    def test_the_order_is_not_a_filter(self):
        form = self.form({"order": "batch"})
        assert form.is_valid()
        assert form.by_batch
        assert not form.is_filtered

    def test_an_unknown_order_is_refused_with_a_message(self):
        form = self.form({"order": "random"})
        assert not form.is_valid()
        assert form.errors["order"] == ["Stories are listed newest first or by batch (oldest first)."]

    def test_everything_is_optional(self):
        assert self.form({}).is_valid()
        assert not self.form({}).is_filtered

    def test_country_codes_are_read_in_either_case(self):
        form = self.form({"country": " vn "})
        assert form.is_valid()
        assert form.cleaned_data["country"] == "VN"

    @pytest.mark.parametrize(
        "data", [{"country": "TH"}, {"track": "unknown"}, {"batch": "x"}, {"batch": "0"}, {"q": "x" * 501}]
    )
    def test_values_that_cannot_match_are_refused_with_a_message(self, data):
        form = self.form(data)
        assert not form.is_valid()
        assert form.is_filtered
        assert all(form.errors.values())

    def test_a_null_character_is_refused_before_it_reaches_the_database(self):
        assert not self.form({"q": "a\x00b"}).is_valid()


def test_an_edited_story_is_found_by_its_new_words_and_no_longer_by_its_old():
    story = GraduateStoryFactory(headline="A posting to Osaka", body="He became Consul in Japan.")
    story.headline, story.body = "A posting to Hanoi", "He became Ambassador to Viet Nam."
    story.save()
    assert found("Hanoi") == ["A posting to Hanoi"]
    assert found("Osaka") == []


def test_a_graduate_renamed_by_staff_has_their_stories_found_by_the_new_name(editor):
    story = GraduateStoryFactory(headline="Leading at home", officer=OfficerFactory(full_name="Chhy Ratha"))
    officer = story.officer
    officer.full_name = "Chhy Sokha"
    save_officer(officer=officer, by=editor)
    assert found("Sokha") == ["Leading at home"]
    assert found("Ratha") == []


def test_story_pages_lists_and_validation_never_load_the_search_document():
    GraduateStoryFactory()
    assert "search_document" not in str(GraduateStory.objects.public().for_listing().query)
    story = GraduateStory.objects.get()
    with CaptureQueriesContext(connection) as queries:
        story.full_clean()
    assert not any("search_document" in query["sql"] for query in queries)


class TestMarkingTheSearchedWords:
    def test_the_words_of_the_query_are_marked_whatever_their_case(self):
        assert highlight("A posting to Osaka, Japan", search_terms("japan OSAKA")) == (
            "A posting to <mark>Osaka</mark>, <mark>Japan</mark>"
        )

    def test_other_forms_of_a_word_are_marked_as_postgresql_finds_them(self):
        assert highlight("She was negotiating trade", search_terms("negotiations")) == (
            "She was <mark>negotiating</mark> trade"
        )

    def test_only_whole_words_from_their_start_are_marked(self):
        assert highlight("Japanese in Japan, not Nippon", search_terms("pan")) == "Japanese in Japan, not Nippon"

    def test_the_text_is_escaped_before_it_is_marked(self):
        marked = highlight('<script>alert("Japan")</script> & Japan', search_terms("Japan"))
        assert marked == (
            "&lt;script&gt;alert(&quot;<mark>Japan</mark>&quot;)&lt;/script&gt; &amp; <mark>Japan</mark>"
        )

    def test_a_query_cannot_mark_inside_an_escaped_character(self):
        # "amp" and "quot" are words of the escaped text, not of the story's.
        assert highlight('Tom & Jerry\'s "quote"', search_terms("amp quot x27")) == (
            "Tom &amp; Jerry&#x27;s &quot;<mark>quote</mark>&quot;"
        )

    def test_excluded_words_operators_and_short_words_in_a_phrase_are_not_marked(self):
        assert search_terms('"point of view" -Malaysia or Japan') == ("point", "view", "japan")

    def test_a_single_short_word_is_still_marked(self):
        assert highlight("日本 and Japan", search_terms("日本")) == "<mark>日本</mark> and Japan"

    def test_markup_in_the_query_is_only_ever_text(self):
        assert search_terms("<b>bold</b>") == ("bold",)
        assert highlight("<b>bold</b>", search_terms("<b>bold</b>")) == "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;"

    def test_with_no_query_the_text_is_only_escaped(self):
        assert highlight("Trade & <law>", ()) == "Trade &amp; &lt;law&gt;"

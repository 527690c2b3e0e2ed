"""A graduate's profile in the API names their stories in the language asked for (`?lang=` or
Accept-Language), as the story endpoints give them: the published translation where one exists,
with `language` saying which language the text is in."""

import pytest

from officers.models import TranslationState
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory, StoryTranslationFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

KHMER_HEADLINE = "មួយឆ្នាំនៅលេខាធិការដ្ឋានអាស៊ាន"
KHMER_STANDFIRST = "អ្វីដែលកម្មវិធីនេះមានន័យ។"


@pytest.fixture
def story():
    story = GraduateStoryFactory(headline="A year at the Secretariat", standfirst="What the programme meant.")
    StoryTranslationFactory(story=story, language="km", headline=KHMER_HEADLINE, standfirst=KHMER_STANDFIRST)
    return story


def profile(story) -> str:
    return f"/api/v1/graduates/{story.officer.slug}/"


def stories_named(client, story, **request) -> list[tuple[str, str, str]]:
    answer = client.get(profile(story), **request)
    assert answer.status_code == 200
    return [(item["headline"], item["standfirst"], item["language"]) for item in answer.json()["stories"]]


def test_lang_names_the_story_in_its_published_translation(client, story):
    assert stories_named(client, story, data={"lang": "km"}) == [(KHMER_HEADLINE, KHMER_STANDFIRST, "km")]


def test_a_language_without_a_translation_names_the_english_original_and_says_so(client, story):
    english = [("A year at the Secretariat", "What the programme meant.", "en")]
    assert stories_named(client, story, data={"lang": "lo"}) == english
    assert stories_named(client, story) == english


def test_accept_language_chooses_the_language_when_lang_is_not_given(client, story):
    assert stories_named(client, story, headers={"accept-language": "km"})[0][2] == "km"
    response = client.get(profile(story), headers={"accept-language": "km"})
    assert response["Content-Language"] == "km"
    assert "Accept-Language" in response["Vary"]


def test_each_language_is_cached_apart(client, story, django_assert_num_queries):
    english = client.get(profile(story))
    khmer = client.get(profile(story), {"lang": "km"})
    with django_assert_num_queries(0):
        assert client.get(profile(story), {"lang": "km"}).content == khmer.content
        assert client.get(profile(story)).content == english.content
    assert khmer.json()["stories"] != english.json()["stories"]


def test_a_draft_translation_is_not_shown(client, story):
    story.translations.update(state=TranslationState.DRAFT, published_on=None)
    assert stories_named(client, story, data={"lang": "km"}) == [
        ("A year at the Secretariat", "What the programme meant.", "en")
    ]


def test_an_unknown_lang_is_a_400(client, story):
    assert client.get(profile(story), {"lang": "fr"}).status_code == 400


def test_the_schema_documents_lang_for_the_profile(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = [parameter["name"] for parameter in schema["paths"]["/api/v1/graduates/{slug}/"]["get"]["parameters"]]
    assert "lang" in parameters


@pytest.mark.parametrize("stories", RECORD_COUNTS)
def test_the_khmer_profile_reads_the_same_queries_with_few_or_many_stories(client, django_assert_num_queries, stories):
    officer = OfficerFactory()
    PlacementFactory(officer=officer)
    for number in range(stories):
        story = GraduateStoryFactory(officer=officer, slug=f"story-{number}")
        StoryTranslationFactory(story=story, language="km", headline=f"រឿង {number}")
    # the officer; placements; checked career steps; public stories; their Khmer translations
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/graduates/{officer.slug}/", {"lang": "km"})
    assert [item["language"] for item in response.json()["stories"]] == ["km"] * stories

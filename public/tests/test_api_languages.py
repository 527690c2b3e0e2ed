"""The API's stories in the language asked for, by `?lang=` or by Accept-Language: the published
translation where one exists, with `language` saying which language the text is in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from officers.models import Officer, StoryState, TranslatedCaption, TranslationState
from officers.tests.factories import (
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
    StoryTranslationFactory,
)
from public.tests.test_api_privacy import walk
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

STORIES = "/api/v1/stories/"
BURMESE_HEADLINE = "အာဆီယံအတွင်းရေးမှူးရုံးတွင် တစ်နှစ်"
BURMESE_BODY = "သူမသည် ဂျကာတာမြို့တွင် တစ်နှစ်ကြာ အလုပ်လုပ်ခဲ့သည်။"


@pytest.fixture
def story():
    story = GraduateStoryFactory(headline="A year at the Secretariat", body="She worked in Jakarta for a year.")
    StoryTranslationFactory(
        story=story, language="my", headline=BURMESE_HEADLINE, standfirst="", body=BURMESE_BODY, pull_quote=""
    )
    return story


def detail(story) -> str:
    return f"{STORIES}{story.slug}/"


def test_lang_gives_the_published_translation_and_says_its_language(client, story):
    answer = client.get(detail(story), {"lang": "my"}).json()
    assert answer["headline"] == BURMESE_HEADLINE
    assert answer["body"] == BURMESE_BODY
    assert f"<p>{BURMESE_BODY}</p>" in answer["body_html"]
    assert answer["language"] == "my"
    listed = client.get(STORIES, {"lang": "my"}).json()["results"]
    assert [(item["headline"], item["language"]) for item in listed] == [(BURMESE_HEADLINE, "my")]


def test_without_a_language_the_english_original_is_given(client, story):
    answer = client.get(detail(story)).json()
    assert (answer["headline"], answer["language"]) == ("A year at the Secretariat", "en")


def test_a_language_without_a_translation_gives_the_english_original_and_says_so(client, story):
    answer = client.get(detail(story), {"lang": "km"}).json()
    assert (answer["headline"], answer["body"], answer["language"]) == (
        "A year at the Secretariat",
        "She worked in Jakarta for a year.",
        "en",
    )


def test_accept_language_chooses_the_language_when_lang_is_not_given(client, story):
    response = client.get(detail(story), headers={"accept-language": "fr;q=0.9, my-MM;q=0.8, en;q=0.5"})
    assert (response.json()["headline"], response.json()["language"]) == (BURMESE_HEADLINE, "my")
    assert response["Content-Language"] == "my"
    assert "Accept-Language" in response["Vary"]
    # `lang` wins over the header.
    assert client.get(detail(story), {"lang": "en"}, headers={"accept-language": "my"}).json()["language"] == "en"


def test_an_unknown_lang_is_a_400_naming_the_languages_there_are(client, story):
    response = client.get(detail(story), {"lang": "fr"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["The portal has no language “fr”: name one of en-gb, km, lo, my, vi."]}
    assert client.get(STORIES, {"lang": "xx"}).status_code == 400


def test_photo_captions_are_translated_where_translated(client, story):
    photo = StoryPhotoFactory(story=story, caption="At the Secretariat.")
    TranslatedCaption.objects.create(translation=story.translations.get(), photo=photo, caption="အတွင်းရေးမှူးရုံးတွင်။")
    answer = client.get(detail(story), {"lang": "my"}).json()
    assert [item["caption"] for item in answer["photos"]] == ["အတွင်းရေးမှူးရုံးတွင်။"]
    assert client.get(detail(story)).json()["photos"][0]["caption"] == "At the Secretariat."


def test_each_language_is_cached_apart(client, story, django_assert_num_queries):
    english = client.get(detail(story))
    burmese = client.get(detail(story), {"lang": "my"})
    with django_assert_num_queries(0):
        assert client.get(detail(story), {"lang": "my"}).content == burmese.content
        assert client.get(detail(story)).content == english.content
    assert burmese.json()["headline"] != english.json()["headline"]


def test_an_answer_chosen_by_the_header_is_not_stored(client, story):
    client.get(detail(story), headers={"accept-language": "my"})
    assert client.get(detail(story), {"lang": "en"}).json()["language"] == "en"
    assert client.get(detail(story), headers={"accept-language": "my"}).json()["language"] == "my"


def test_an_english_copy_stored_for_the_address_never_answers_a_header_asking_for_another_language(client, story):
    assert client.get(detail(story)).json()["language"] == "en"  # stored for the address
    answer = client.get(detail(story), headers={"accept-language": "my"})
    assert (answer.json()["headline"], answer.json()["language"]) == (BURMESE_HEADLINE, "my")
    # A browser that reads English first still gets the stored copy.
    assert client.get(detail(story), headers={"accept-language": "en-GB, km;q=0.5"}).json()["language"] == "en"


@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_lang_names_no_language_so_a_stored_english_copy_never_answers_a_khmer_header(client, story, blank):
    english = client.get(detail(story), {"lang": blank})  # stored for the address with its blank `lang`
    assert english["Content-Language"] == "en-gb"
    khmer = client.get(detail(story), {"lang": blank}, headers={"accept-language": "km"})
    assert khmer["Content-Language"] == "km"
    burmese = client.get(detail(story), {"lang": blank}, headers={"accept-language": "my"})
    assert (burmese.json()["headline"], burmese.json()["language"]) == (BURMESE_HEADLINE, "my")


def test_the_schema_documents_lang(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (STORIES, "/api/v1/stories/{slug}/"):
        parameters = {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}
        assert parameters["lang"]["schema"]["enum"] == ["en-gb", "km", "lo", "my", "vi"]
        assert "Accept-Language" in parameters["lang"]["description"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"state": TranslationState.DRAFT, "published_on": None},
        {"published_on": timezone.localdate() + timedelta(days=3)},
    ],
    ids=["draft", "dated-in-the-future"],
)
def test_an_unpublished_translation_never_appears(client, story, hidden):
    translation = story.translations.get()
    for name, value in hidden.items():
        setattr(translation, name, value)
    translation.save()
    withheld = GraduateStoryFactory(
        officer=OfficerFactory(public_profile_consent=False), headline="Withheld", slug="withheld"
    )
    StoryTranslationFactory(story=withheld, language="my", headline="Withheld-translation-secret")
    draft_story = GraduateStoryFactory(headline="Draft story", state=StoryState.DRAFT, published_on=None)
    StoryTranslationFactory(story=draft_story, language="my", headline="Draft-story-translation-secret")
    for language in ("my", "en-gb"):
        answers = "\n".join(walk(client, [f"{STORIES}?lang={language}"]).values())
        for secret in (
            BURMESE_HEADLINE,
            BURMESE_BODY,
            "Withheld-translation-secret",
            "Draft-story-translation-secret",
        ):
            assert secret not in answers
    assert client.get("/api/v1/stories/withheld/", {"lang": "my"}).status_code == 404


def test_a_search_in_burmese_finds_the_story(client, story):
    assert [item["slug"] for item in client.get(STORIES, {"q": "တစ်နှစ်ကြာ"}).json()["results"]] == [story.slug]


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_the_burmese_list_reads_the_same_queries_with_few_or_many_records(client, django_assert_num_queries, officers):
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer)
    for officer in Officer.objects.all()[:12]:
        story = GraduateStoryFactory(officer=officer)
        StoryPhotoFactory(story=story)
        StoryTranslationFactory(story=story, language="my", headline=f"ဇာတ်လမ်း {officer.pk}")
    # tracks and their batches for the filters (two), the count, the page of stories with their
    # officers, their placements, their photos, their Burmese translations, their captions
    with django_assert_num_queries(8):
        response = client.get(STORIES, {"lang": "my", "page_size": 10})
    assert [item["language"] for item in response.json()["results"]] == ["my"] * min(officers, 10)

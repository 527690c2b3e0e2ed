"""Searching the stories in each language of their translations, on SQLite and on PostgreSQL: words
for Vietnamese, any part of the text for Khmer, Lao and Burmese, which put no spaces between words."""

import re

import pytest

from officers.models import StoryTranslation, TranslationState
from officers.tests.factories import GraduateStoryFactory, StoryTranslationFactory

pytestmark = pytest.mark.django_db

# "He worked at the ASEAN Secretariat in Jakarta for ten months." in each language.
SENTENCES = {
    "km": "គាត់បានធ្វើការនៅលេខាធិការដ្ឋានអាស៊ានក្នុងទីក្រុងហ្សាការតាអស់រយៈពេលដប់ខែ។",
    "lo": "ລາວໄດ້ເຮັດວຽກຢູ່ສຳນັກງານເລຂາທິການອາຊຽນທີ່ນະຄອນຈາກາຕາເປັນເວລາສິບເດືອນ.",
    "my": "သူသည် ဂျကာတာမြို့ရှိ အာဆီယံအတွင်းရေးမှူးရုံးတွင် ဆယ်လကြာ အလုပ်လုပ်ခဲ့သည်။",
    "vi": "Anh ấy đã làm việc tại Ban Thư ký ASEAN ở Jakarta trong mười tháng.",
}
# What a reader types: "Secretariat", as each language writes it, found inside the unspaced text.
QUERIES = {
    "km": "លេខាធិការដ្ឋាន",
    "lo": "ສຳນັກງານເລຂາທິການ",
    "my": "အတွင်းရေးမှူးရုံး",
    "vi": "thư ký",
}


def found(client, query: str) -> list[str]:
    response = client.get("/stories/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'<h3 class="story-card__headline"[^>]*><a href="/stories/([^/]+)/"', response.content.decode())


@pytest.fixture
def translated():
    """One story translated into every language, and one that is not translated."""
    story = GraduateStoryFactory(headline="Ten months in Jakarta", body="He worked at the Secretariat.")
    for language, sentence in SENTENCES.items():
        StoryTranslationFactory(story=story, language=language, headline=f"{language} headline", body=sentence)
    GraduateStoryFactory(headline="A posting to Japan", body="She studied in Tokyo.")
    return story


@pytest.mark.parametrize("language", ["km", "lo", "my", "vi"])
def test_a_query_in_the_translations_language_finds_the_story(client, translated, language):
    assert found(client, QUERIES[language]) == [translated.slug]


@pytest.mark.parametrize("language", ["km", "lo", "my"])
def test_a_word_in_the_middle_of_unspaced_text_is_found(client, translated, language):
    # Neither the start nor the end of a run of text: a word inside it.
    sentence = SENTENCES[language]
    middle = sentence[len(sentence) // 3 : len(sentence) // 3 + 6]
    assert found(client, middle) == [translated.slug]


def test_vietnamese_is_found_whatever_the_case(client, translated):
    assert found(client, "Thư Ký ASEAN") == [translated.slug]
    assert found(client, "mười tháng") == [translated.slug]


def test_english_search_still_finds_the_english_text(client, translated):
    assert found(client, "Tokyo") == ["a-posting-to-japan"]
    assert found(client, "Secretariat") == [translated.slug]


@pytest.mark.parametrize("language", ["km", "lo", "my", "vi"])
def test_a_draft_translation_is_not_searched_until_it_is_published(client, translated, language):
    translation = StoryTranslation.objects.get(story=translated, language=language)
    translation.state, translation.published_on = TranslationState.DRAFT, None
    translation.save()
    assert found(client, QUERIES[language]) == []
    translation.state, translation.published_on = TranslationState.PUBLISHED, translated.published_on
    translation.save()
    assert found(client, QUERIES[language]) == [translated.slug]


def test_a_deleted_translation_is_no_longer_searched(client, translated):
    StoryTranslation.objects.get(story=translated, language="vi").delete()
    assert found(client, QUERIES["vi"]) == []
    assert found(client, QUERIES["km"]) == [translated.slug]


def test_translations_deleted_from_a_list_are_no_longer_searched(client, translated):
    # As the admin's "delete selected" action deletes: a QuerySet delete, which calls no model's delete().
    StoryTranslation.objects.filter(story=translated, language__in=["vi", "km"]).delete()
    assert found(client, QUERIES["vi"]) == []
    assert found(client, QUERIES["km"]) == []
    assert found(client, QUERIES["lo"]) == [translated.slug]


def test_a_translation_of_a_story_that_is_not_public_is_never_found(client, translated):
    hidden = GraduateStoryFactory(state="draft", published_on=None, headline="Hidden draft")
    StoryTranslationFactory(story=hidden, language="km", body="រឿងសម្ងាត់ដែលមិនទាន់បោះពុម្ព")
    assert found(client, "សម្ងាត់") == []


def test_the_khmer_list_shows_what_was_found_in_khmer(client, translated):
    response = client.get("/km/stories/", {"q": QUERIES["km"]})
    assert "km headline" in response.content.decode()

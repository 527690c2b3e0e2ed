"""A story's translations: one per language, never English, each published on its own and shown only
with a public story; versioned and with history like every record."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from officers.models import StoryTranslation, TranslatedCaption, TranslationState
from officers.models.story_translations import story_language
from officers.tests.factories import GraduateStoryFactory, StoryPhotoFactory, StoryTranslationFactory

pytestmark = pytest.mark.django_db


def messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def test_a_story_has_at_most_one_translation_per_language():
    first = StoryTranslationFactory(language="km")
    second = StoryTranslation(story=first.story, language="km", headline="ម្តងទៀត", body="អត្ថបទ")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "This story already has a translation into this language." in error.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # Another language of the same story is a translation of its own.
    StoryTranslation(story=first.story, language="lo", headline="ເລື່ອງ", body="ຂໍ້ຄວາມ").full_clean()


@pytest.mark.parametrize("code", ["en", "en-gb", "EN-GB"])
def test_english_is_not_a_translation(code):
    translation = StoryTranslation(story=GraduateStoryFactory(), language=code, headline="In English", body="Text")
    with pytest.raises(ValidationError) as error:
        translation.full_clean()
    assert messages(error.value, "language") == [
        "English is the story's own language: write it in the story, not as a translation."
    ]


def test_a_language_the_portal_does_not_have_is_refused():
    translation = StoryTranslation(story=GraduateStoryFactory(), language="fr", headline="En français", body="Texte")
    with pytest.raises(ValidationError) as error:
        translation.full_clean()
    assert "language" in error.value.message_dict


def test_a_published_translation_needs_a_publication_date():
    translation = StoryTranslationFactory.build(story=GraduateStoryFactory(), published_on=None)
    with pytest.raises(ValidationError) as error:
        translation.full_clean()
    assert messages(error.value, "published_on") == ["A published translation needs a publication date."]


def test_a_caption_translates_one_of_the_storys_own_photos():
    translation = StoryTranslationFactory()
    own, elsewhere = StoryPhotoFactory(story=translation.story), StoryPhotoFactory()
    TranslatedCaption(translation=translation, photo=own, caption="Tại Ban Thư ký.").full_clean()
    with pytest.raises(ValidationError) as error:
        TranslatedCaption(translation=translation, photo=elsewhere, caption="Ở nơi khác.").full_clean()
    assert messages(error.value, "photo") == ["Choose one of this story's own photos."]


def test_published_means_published_and_dated_today_or_earlier():
    shown = StoryTranslationFactory(published_on=timezone.localdate())
    StoryTranslationFactory(state=TranslationState.DRAFT, published_on=None)
    StoryTranslationFactory(published_on=timezone.localdate() + timedelta(days=1))
    assert list(StoryTranslation.objects.published()) == [shown]


def test_every_save_raises_the_version_and_is_kept_in_the_history():
    translation = StoryTranslationFactory(headline="Bản thứ nhất")
    translation.headline = "Bản thứ hai"
    translation.save()
    translation.refresh_from_db()
    assert translation.version == 2
    assert [record.headline for record in translation.history.order_by("history_date")] == [
        "Bản thứ nhất",
        "Bản thứ hai",
    ]


@pytest.mark.parametrize(
    ("code", "language"),
    [("km", "km"), ("lo", "lo"), ("my", "my"), ("my-mm", "my"), ("vi", "vi"), ("en-gb", None), (None, None)],
)
def test_the_translation_a_page_in_each_interface_language_shows(code, language):
    assert story_language(code) == language

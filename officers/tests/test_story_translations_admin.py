"""Translations in the admin: Communications writes and publishes them on the story's page or the
translation's own page (with the photos' captions); editors write drafts; viewers read."""

from datetime import date

import pytest
from django.urls import reverse

from officers.models import TranslatedCaption, TranslationState
from officers.tests.factories import GraduateStoryFactory, StoryPhotoFactory, StoryTranslationFactory

pytestmark = pytest.mark.django_db


def story_url(story) -> str:
    return reverse("admin:officers_graduatestory_change", args=[story.pk])


def translation_url(translation) -> str:
    return reverse("admin:officers_storytranslation_change", args=[translation.pk])


def with_new_translation(data: dict, **values) -> dict:
    data.update({"translations-TOTAL_FORMS": "1", **{f"translations-0-{name}": v for name, v in values.items()}})
    return data


KHMER = {"language": "km", "headline": "ដំណើរទៅកាន់ជប៉ុន", "body": "គាត់បានទៅទស្សនកិច្ចសិក្សានៅប្រទេសជប៉ុន។"}


def test_communications_writes_and_publishes_a_translation_on_the_storys_page(communications_client, admin_form_data):
    story = GraduateStoryFactory()
    data = with_new_translation(
        admin_form_data(communications_client.get(story_url(story))),
        **KHMER,
        state=TranslationState.PUBLISHED,
        published_on="2019-10-01",
    )
    assert story.translations.count() == 0
    assert communications_client.post(story_url(story), data).status_code == 302
    translation = story.translations.get()
    assert (translation.language, translation.headline, translation.state, translation.published_on) == (
        "km",
        KHMER["headline"],
        TranslationState.PUBLISHED,
        date(2019, 10, 1),
    )


def test_a_second_translation_into_the_same_language_is_refused_with_a_clear_message(
    communications_client, admin_form_data
):
    story = StoryTranslationFactory(language="km").story
    data = admin_form_data(communications_client.get(story_url(story)))
    data.update(
        {
            "translations-TOTAL_FORMS": "2",
            **{f"translations-1-{name}": value for name, value in KHMER.items()},
            "translations-1-state": TranslationState.DRAFT,
        }
    )
    response = communications_client.post(story_url(story), data)
    assert response.status_code == 200
    assert "A story has one translation per language: this language is given twice." in response.content.decode()
    assert story.translations.count() == 1


def test_the_languages_offered_are_the_portals_own_but_english(communications_client):
    response = communications_client.get(reverse("admin:officers_storytranslation_add"))
    field = response.context["adminform"].form.fields["language"]
    assert [value for value, _label in field.choices if value] == ["km", "lo", "my", "vi"]


def test_an_editor_writes_a_draft_but_cannot_publish(editor_client, admin_form_data):
    story = GraduateStoryFactory()
    data = with_new_translation(
        admin_form_data(editor_client.get(story_url(story))), **KHMER, state="published", published_on="2019-10-01"
    )
    assert editor_client.post(story_url(story), data).status_code == 302
    translation = story.translations.get()
    assert (translation.state, translation.published_on) == (TranslationState.DRAFT, None)


def test_a_viewer_reads_translations_and_changes_nothing(viewer_client, admin_form_data):
    translation = StoryTranslationFactory(headline="Bản dịch")
    response = viewer_client.get(translation_url(translation))
    assert response.status_code == 200
    assert "Bản dịch" in response.content.decode()
    data = admin_form_data(response)
    data.update(headline="Đã đổi", language="vi", story=translation.story_id, body="x", state="draft")
    assert viewer_client.post(translation_url(translation), data).status_code == 403
    translation.refresh_from_db()
    assert translation.headline == "Bản dịch"


def test_captions_are_translated_on_the_translations_page_from_the_storys_own_photos(
    communications_client, admin_form_data
):
    translation = StoryTranslationFactory()
    photo = StoryPhotoFactory(story=translation.story, caption="At the meeting.")
    other = StoryPhotoFactory(caption="Someone else's photo.")
    response = communications_client.get(translation_url(translation))
    choices = response.context["inline_admin_formsets"][0].formset.empty_form.fields["photo"].queryset
    assert list(choices) == [photo]
    data = admin_form_data(response)
    data.update(
        {"captions-TOTAL_FORMS": "1", "captions-0-photo": str(photo.pk), "captions-0-caption": "Tại cuộc họp."}
    )
    assert communications_client.post(translation_url(translation), data).status_code == 302
    assert TranslatedCaption.objects.get().caption == "Tại cuộc họp."
    data["captions-0-photo"] = str(other.pk)
    data["captions-INITIAL_FORMS"] = "0"
    response = communications_client.post(translation_url(translation), data)
    assert response.status_code == 200
    assert TranslatedCaption.objects.count() == 1


def test_the_translations_list_and_history_open_for_communications(communications_client):
    translation = StoryTranslationFactory(headline="Câu chuyện")
    listed = communications_client.get(reverse("admin:officers_storytranslation_changelist"))
    assert listed.status_code == 200 and "Câu chuyện" in listed.content.decode()
    history = communications_client.get(reverse("admin:officers_storytranslation_history", args=[translation.pk]))
    assert history.status_code == 200

"""A story's public page, its card and the feed in the visitor's language: the published translation
where one exists, else the English original, said plainly and marked `lang="en"`."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from officers.models import GraduateStory, Officer, StoryLanguage, StoryState, TranslatedCaption, TranslationState
from officers.tests.factories import (
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
    StoryTranslationFactory,
)
from public.tests.test_html import check
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db

KHMER_HEADLINE = "ការចូលរួមកម្មវិធីបានផ្លាស់ប្តូរជីវិតរបស់គាត់"
KHMER_BODY = "គាត់បានធ្វើការនៅលេខាធិការដ្ឋានអាស៊ាន ក្នុងរយៈពេលដប់ខែ។"


def url_in(language: str, story: GraduateStory) -> str:
    with translation.override(language):
        return story.get_absolute_url()


def untranslated_notice(language: str) -> str:
    """The notice as a visitor reading `language` reads it, in their language where translated."""
    with translation.override(language):
        name = str(StoryLanguage(language).label)
        return gettext("This story has not been translated into %(language)s; it is shown in English.") % {
            "language": name
        }


@pytest.fixture
def story():
    return GraduateStoryFactory(headline="An experience that changed his life", body="He worked at the Secretariat.")


@pytest.fixture
def khmer(story):
    return StoryTranslationFactory(
        story=story, language="km", headline=KHMER_HEADLINE, standfirst="", body=KHMER_BODY, pull_quote=""
    )


class TestTheStoryPage:
    def test_a_khmer_visitor_reads_the_published_khmer_translation(self, client, khmer):
        response = client.get(url_in("km", khmer.story))
        assert response.status_code == 200
        page = text_of(response)
        assert KHMER_HEADLINE in page and KHMER_BODY in page
        assert "An experience that changed his life" not in page
        assert untranslated_notice("km") not in page
        assert f'<h1 id="story-title">{KHMER_HEADLINE}</h1>' in response.content.decode()
        check(response.content.decode())

    def test_an_english_visitor_still_reads_the_english_original(self, client, khmer):
        page = text_of(client.get(url_in("en-gb", khmer.story)))
        assert "An experience that changed his life" in page
        assert KHMER_HEADLINE not in page
        assert "has not been translated" not in page

    def test_without_a_translation_the_english_original_is_shown_marked_as_english(self, client, khmer):
        response = client.get(url_in("vi", khmer.story))
        content = response.content.decode()
        assert response.status_code == 200
        assert untranslated_notice("vi") in text_of(response)
        assert '<h1 id="story-title" lang="en">An experience that changed his life</h1>' in content
        assert re.search(
            r'<div class="story__body prose" lang="en">[\s\S]*<p>He worked at the Secretariat.</p>',
            content,
        )

    @pytest.mark.parametrize(
        "change",
        [
            {"state": TranslationState.DRAFT, "published_on": None},
            {"published_on": date.today() + timedelta(days=30)},
        ],
        ids=["draft", "dated-in-the-future"],
    )
    def test_an_unpublished_translation_is_never_shown(self, client, khmer, change):
        for name, value in change.items():
            setattr(khmer, name, value)
        khmer.save()
        response = client.get(url_in("km", khmer.story))
        assert KHMER_HEADLINE not in response.content.decode()
        assert untranslated_notice("km") in text_of(response)

    def test_a_published_translation_of_a_story_that_is_not_public_is_404(self, client, khmer):
        GraduateStory.objects.filter(pk=khmer.story_id).update(state=StoryState.DRAFT)
        assert client.get(url_in("km", khmer.story)).status_code == 404
        Officer.objects.filter(pk=khmer.story.officer_id).update(public_profile_consent=False)
        assert client.get(url_in("km", khmer.story)).status_code == 404

    def test_photo_captions_are_shown_translated_where_translated(self, client, khmer):
        translated = StoryPhotoFactory(story=khmer.story, caption="At the ASEAN-Japan Centre.", position=0)
        StoryPhotoFactory(story=khmer.story, caption="With the Secretary-General.", position=1)
        TranslatedCaption.objects.create(translation=khmer, photo=translated, caption="នៅមជ្ឈមណ្ឌលអាស៊ាន-ជប៉ុន។")
        page = text_of(client.get(url_in("km", khmer.story)))
        assert "នៅមជ្ឈមណ្ឌលអាស៊ាន-ជប៉ុន។" in page
        assert "At the ASEAN-Japan Centre." not in page
        assert "With the Secretary-General." in page
        # The stored caption is untouched by the page that showed it translated.
        translated.refresh_from_db()
        assert translated.caption == "At the ASEAN-Japan Centre."


class TestCardsAndFeed:
    def test_the_list_shows_the_translated_headline_and_standfirst(self, client, khmer):
        khmer.standfirst = "ដប់ខែនៅទីក្រុងហ្សាការតា។"
        khmer.save()
        other = GraduateStoryFactory(headline="A posting to Japan")
        content = client.get("/km/stories/").content.decode()
        assert KHMER_HEADLINE in content and "ដប់ខែនៅទីក្រុងហ្សាការតា។" in content
        assert "An experience that changed his life" not in content
        # A story with no translation keeps its English headline, marked as English.
        assert re.search(rf'<h3 class="story-card__headline" lang="en"><a href="[^"]*">{other.headline}</a>', content)

    def test_related_stories_show_their_translated_headline(self, client, khmer):
        related = GraduateStoryFactory(officer=khmer.story.officer, headline="A second story")
        StoryTranslationFactory(story=related, language="km", headline="រឿងទីពីរ")
        content = client.get(url_in("km", khmer.story)).content.decode()
        assert "រឿងទីពីរ" in content
        assert "A second story" not in content

    def test_related_stories_found_once_show_each_page_its_own_language(self, client, khmer):
        related = GraduateStoryFactory(officer=khmer.story.officer, headline="A second story")
        StoryTranslationFactory(story=related, language="km", headline="រឿងទីពីរ")
        # The related stories are found once for every language (public/views/stories.py): the
        # English page, the Khmer page, then the English page again, each in its own language.
        english, khmer_page, english_again = (
            client.get(path).content.decode()
            for path in [
                f"{khmer.story.get_absolute_url()}?fresh=1",
                url_in("km", khmer.story),
                f"{khmer.story.get_absolute_url()}?fresh=2",
            ]
        )
        assert "A second story" in english and "រឿងទីពីរ" not in english
        assert "រឿងទីពីរ" in khmer_page and "A second story" not in khmer_page
        assert english_again == english

    def test_the_feed_in_khmer_gives_the_translation(self, client, khmer):
        content = client.get("/km/feed/").content.decode()
        assert KHMER_HEADLINE in content and KHMER_BODY in content
        english = client.get("/feed/").content.decode()
        assert KHMER_HEADLINE not in english and "An experience that changed his life" in english


def stories_with_translations(officers: int, count: int) -> GraduateStory:
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer)
    for officer in Officer.objects.all()[:count]:
        story = GraduateStoryFactory(officer=officer)
        StoryPhotoFactory.create_batch(2, story=story)
        StoryTranslationFactory(story=story, language="km", headline=f"រឿង {officer.pk}")
        StoryTranslationFactory(story=story, language="vi")
    return story


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_the_khmer_story_page_reads_the_same_queries_with_few_or_many_records(
    client, django_assert_num_queries, officers
):
    story = stories_with_translations(officers, 6)
    TranslatedCaption.objects.create(
        translation=story.translations.get(language="km"), photo=story.photos.first(), caption="រូបថត"
    )
    # the story with its officer (and whether the profile is public), the officer's placements with
    # batches, tracks and divisions, the photos, the Khmer translation, its captions, the career
    # milestones, the related stories (the same graduate's, the same country and track, then those sharing
    # either), their Khmer translations
    with django_assert_num_queries(10):
        response = client.get(url_in("km", story))
    assert response.status_code == 200
    assert "រូបថត" in text_of(response)


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_the_khmer_story_list_reads_the_same_queries_with_few_or_many_records(
    client, django_assert_num_queries, officers
):
    stories_with_translations(officers, 12)
    # tracks and their batches for the filter form (two), count of stories, the page of stories with
    # their officers, their placements (with batches, tracks and divisions), their photos, their
    # Khmer translations
    with django_assert_num_queries(7):
        response = client.get("/km/stories/")
    assert response.status_code == 200
    assert response.content.decode().count("រឿង ") == min(officers, 10)


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_the_khmer_feed_reads_the_same_queries_with_few_or_many_records(client, django_assert_num_queries, officers):
    stories_with_translations(officers, 5)
    # the latest public stories with their officers and last save, their Khmer translations
    with django_assert_num_queries(2):
        response = client.get("/km/feed/")
    assert response.content.decode().count("រឿង ") == 5


def test_the_page_in_each_language_declares_the_english_original_where_untranslated(client, story):
    for language in ("km", "lo", "my", "vi"):
        response = client.get(url_in(language, story))
        assert response.status_code == 200
        assert untranslated_notice(language) in text_of(response)
        assert 'lang="en">An experience that changed his life</h1>' in response.content.decode()


def test_published_today_is_shown_today(client, story):
    StoryTranslationFactory(story=story, language="lo", headline="ປະສົບການທີ່ປ່ຽນຊີວິດ", published_on=timezone.localdate())
    assert "ປະສົບການທີ່ປ່ຽນຊີວິດ" in text_of(client.get(url_in("lo", story)))

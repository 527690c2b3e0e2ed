"""/stories/<slug>/: one public story, as the article printed it."""

import io
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from officers.models import GraduateStory, Officer, StoryPhoto, StoryState
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def stored_image(name: str, size: tuple[int, int]) -> str:
    """Write a real image file to the media storage and return its name."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "JPEG")
    return default_storage.save(f"story-photos/{name}", ContentFile(buffer.getvalue()))


class TestTheSeededStoriesReadAsTheArticle:
    def test_headline_standfirst_byline_date_and_programme_line(self, client, seeded):
        response = client.get("/stories/ekkaphab-phanthavong/")
        assert response.status_code == 200
        content = response.content.decode()
        page = text_of(response)
        assert "<h1" in content and "Ekkaphab Phanthavong: an experience that changed his life</h1>" in content
        assert "More than a decade after joining the Attachment Programme" in page
        assert "By JAIF Management Team" in page
        assert '<time datetime="2019-09-29">29 September 2019</time>' in content
        assert (
            "Ekkaphab Phanthavong, Lao PDR, Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)" in page
        )
        assert 'href="/programme/junior-diplomats/8/"' in content
        assert 'href="/graduates/ekkaphab-phanthavong/"' in content

    def test_body_is_rendered_from_markdown_with_the_numbered_list(self, client, seeded):
        content = client.get("/stories/ekkaphab-phanthavong/").content.decode()
        assert "<ol>" in content
        assert "<li>English improvement, especially noting" in content
        assert "<p>“Some Lao officials perform very well in their offices" in content

    def test_pull_quote_and_photo_caption_with_credit(self, client, seeded):
        response = client.get("/stories/hoang-quoc-trung/")
        content = response.content.decode()
        page = text_of(response)
        assert '<figure class="pull-quote">' in content
        assert "Importantly, my first time ever visit to Japan at the end of the programme" in page
        assert "Mr. Hoang Quoc Trung (first from left) visits the ASEAN-Japan Centre" in page
        assert "© Hoang Quoc Trung" in page

    def test_every_seeded_story_shows_its_credit(self, client, seeded):
        credits = {
            "ekkaphab-phanthavong": "© JAIF Management Team",
            "hoang-quoc-trung": "© Hoang Quoc Trung",
            "chhy-ratha": "© Chhy Ratha",
            "htet-htet-htoo": "© Institute of Diplomacy and Foreign Relations",
        }
        for slug, credit in credits.items():
            assert credit in text_of(client.get(f"/stories/{slug}/"))

    def test_career_timeline_at_the_precision_of_the_source_with_where_they_are_now(self, client, seeded):
        response = client.get("/stories/chhy-ratha/")
        content = response.content.decode()
        page = text_of(response)
        assert '<time datetime="2016">2016</time>' in content
        assert '<time datetime="2019">2019</time>' in content
        assert "Bureau Chief of Women and ASEAN Affairs, International Cooperation Department" in page
        assert "Date not given" in text_of(client.get("/stories/hoang-quoc-trung/"))
        timeline = content[content.index('<ol class="timeline">') :]
        assert timeline.index("Bureau Chief") < timeline.index("Assistant to Minister") < timeline.index("Director of")
        assert timeline.index("Where they are now") < timeline.index(
            "Director of International Cooperation Department"
        )
        ambassador = client.get("/stories/ekkaphab-phanthavong/").content.decode()
        assert '<time datetime="2018-04">April 2018</time>' in ambassador

    def test_a_photo_record_without_a_file_shows_caption_and_credit_and_no_image(self, client, seeded):
        content = client.get("/stories/chhy-ratha/").content.decode()
        article = content[content.index("<article") : content.index("</article>")]
        assert "<img" not in article
        assert "Ms. Chhy Ratha during her stay at the ASEAN Secretariat" in article

    def test_other_stories_link_to_the_rest_of_the_programme(self, client, seeded):
        response = client.get("/stories/hoang-quoc-trung/")
        others = [story.slug for story in response.context["other_stories"]]
        assert others == ["ekkaphab-phanthavong", "chhy-ratha", "htet-htet-htoo"]


class TestPhotos:
    def test_renditions_are_offered_as_a_srcset_with_size_and_lazy_loading(self, client):
        photo = StoryPhotoFactory(alt_text="Officers at the study visit")
        StoryPhoto.objects.filter(pk=photo.pk).update(
            image=stored_image("original.jpg", (1600, 1000)),
            image_small=stored_image("small.jpg", (480, 300)),
            image_large=stored_image("large.jpg", (1200, 750)),
            width=1600,
            height=1000,
        )
        content = client.get(photo.story.get_absolute_url()).content.decode()
        img = re.search(r'<img class="photo__image"[^>]*>', content).group(0)
        assert 'srcset="/media/story-photos/small' in img
        assert re.search(r"small[^ ]*\.jpg 480w, /media/story-photos/large[^ ]*\.jpg 1200w", img)
        assert 'src="/media/story-photos/large' in img
        assert 'width="1200" height="750"' in img
        assert 'loading="lazy"' in img
        assert 'sizes="' in img
        assert 'alt="Officers at the study visit"' in img

    def test_without_renditions_the_original_is_used(self, client):
        photo = StoryPhotoFactory()
        StoryPhoto.objects.filter(pk=photo.pk).update(
            image=stored_image("original.jpg", (800, 600)), width=800, height=600
        )
        content = client.get(photo.story.get_absolute_url()).content.decode()
        img = re.search(r'<img class="photo__image"[^>]*>', content).group(0)
        assert 'src="/media/story-photos/original' in img
        assert "srcset" not in img
        assert 'width="800" height="600"' in img

    def test_a_photo_whose_file_is_missing_shows_no_broken_image(self, client):
        photo = StoryPhotoFactory(caption="At a meeting.", credit="JAIF Management Team")
        StoryPhoto.objects.filter(pk=photo.pk).update(image="story-photos/gone.jpg", width=800, height=600)
        response = client.get(photo.story.get_absolute_url())
        assert response.status_code == 200
        assert '<img class="photo__image"' not in response.content.decode()
        assert "At a meeting. © JAIF Management Team" in text_of(response)

    def test_the_first_photo_is_the_open_graph_image(self, client):
        photo = StoryPhotoFactory()
        StoryPhoto.objects.filter(pk=photo.pk).update(image_large=stored_image("large.jpg", (1200, 750)))
        content = client.get(photo.story.get_absolute_url()).content.decode()
        assert re.search(r'<meta property="og:image" content="http://testserver/media/story-photos/large', content)


class TestHeadTags:
    def test_canonical_url_and_open_graph_tags(self, client, seeded):
        content = client.get("/stories/htet-htet-htoo/?utm_source=feed").content.decode()
        assert '<link rel="canonical" href="http://testserver/stories/htet-htet-htoo/">' in content
        assert '<meta property="og:type" content="article">' in content
        assert (
            '<meta property="og:title" content="Htet Htet Htoo: confidence, networks and trade negotiations">'
            in content
        )
        assert '<meta property="og:url" content="http://testserver/stories/htet-htet-htoo/">' in content
        assert '<meta property="og:description" content="Supervised by a former Attachment Officer' in content
        assert '<meta property="article:published_time" content="2019-09-29">' in content
        assert "<title>Htet Htet Htoo: confidence, networks and trade negotiations · " in content


class TestOnlyPublicStoriesAreShown:
    @pytest.mark.parametrize("state", [StoryState.DRAFT, StoryState.IN_REVIEW])
    def test_a_draft_or_a_story_in_review_is_404(self, client, state):
        story = GraduateStoryFactory(state=state, published_on=None)
        assert client.get(story.get_absolute_url()).status_code == 404

    def test_a_story_dated_in_the_future_is_404(self, client):
        story = GraduateStoryFactory(published_on=date(2999, 1, 1))
        assert client.get(story.get_absolute_url()).status_code == 404

    def test_the_story_of_an_officer_who_withdrew_consent_is_404(self, client):
        story = GraduateStoryFactory()
        Officer.objects.filter(pk=story.officer_id).update(public_profile_consent=False)
        assert client.get(story.get_absolute_url()).status_code == 404

    def test_an_unknown_slug_is_404(self, client):
        assert client.get("/stories/no-such-story/").status_code == 404

    def test_other_stories_leave_out_officers_without_consent(self, client):
        shown = GraduateStoryFactory(headline="Shown story")
        hidden = OfficerFactory(public_profile_consent=False, full_name="Hidden Officer")
        PlacementFactory(officer=hidden)
        GraduateStoryFactory(officer=hidden, headline="Hidden story")
        GraduateStoryFactory(headline="Draft story", state=StoryState.DRAFT, published_on=None)
        visible = GraduateStoryFactory(headline="Another public story")
        response = client.get(shown.get_absolute_url())
        assert [story.headline for story in response.context["other_stories"]] == [visible.headline]
        content = response.content.decode()
        assert "Hidden" not in content
        assert "Draft story" not in content

    def test_private_contact_details_never_appear(self, client):
        officer = OfficerFactory(email="private.person@example.org", phone="+856 21 555 0199")
        PlacementFactory(officer=officer)
        story = GraduateStoryFactory(officer=officer)
        content = client.get(story.get_absolute_url()).content.decode()
        assert "private.person@example.org" not in content
        assert "555 0199" not in content

    def test_no_profile_link_for_a_consenting_officer_who_has_not_graduated(self, client):
        officer = OfficerFactory()
        PlacementFactory(officer=officer, outcome="active")
        story = GraduateStoryFactory(officer=officer)
        content = client.get(story.get_absolute_url()).content.decode()
        assert officer.get_absolute_url() not in content


class TestBodyIsSanitised:
    def test_raw_html_and_scripts_in_the_body_never_reach_the_page(self, client):
        story = GraduateStoryFactory(
            body='Hello <script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))'
        )
        content = client.get(story.get_absolute_url()).content.decode()
        assert "alert(" not in content
        assert "onerror" not in content
        assert "javascript:" not in content

    def test_headline_and_pull_quote_are_escaped(self, client):
        story = GraduateStoryFactory(headline="<b>Bold</b> claims", pull_quote="<i>quote</i>")
        content = client.get(story.get_absolute_url()).content.decode()
        assert "&lt;b&gt;Bold&lt;/b&gt; claims" in content
        assert "<i>quote</i>" not in content


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    story = GraduateStoryFactory()
    CareerMilestoneFactory.create_batch(3, officer=story.officer)
    StoryPhotoFactory.create_batch(2, story=story)
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer)
    for officer in Officer.objects.exclude(pk=story.officer_id)[:5]:
        GraduateStoryFactory(officer=officer)
    assert GraduateStory.objects.public().count() == 6
    # the story with its officer (and whether the profile is public), the officer's placements with
    # batches, tracks and divisions, the photos, the career milestones, the other stories
    with django_assert_num_queries(5):
        assert client.get(story.get_absolute_url()).status_code == 200

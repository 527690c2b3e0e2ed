"""/stories/<slug>/: one public story, as the article printed it."""

import io
import re
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from batches.tests.factories import BatchFactory
from officers.models import GraduateStory, Officer, StoryPhoto, StoryState
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)
from public.pull_quotes import last_paragraph, repeats_last_paragraph, shows_pull_quote
from public.sharing import DEFAULT_SHARE_IMAGE, DEFAULT_SHARE_IMAGE_SIZE
from public.tests.test_html import check
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
        # The article dates no step as Assistant to Minister: undated steps come first, as the timeline orders them.
        assert timeline.index("Assistant to Minister") < timeline.index("Bureau Chief") < timeline.index("Director of")
        assert timeline.index("Where they are now") < timeline.index(
            "Director of International Cooperation Department"
        )
        ambassador = client.get("/stories/ekkaphab-phanthavong/").content.decode()
        assert '<time datetime="2018-04">April 2018</time>' in ambassador

    def test_a_photo_record_without_a_file_shows_a_neutral_frame_with_caption_and_credit(self, client, seeded):
        content = client.get("/stories/chhy-ratha/").content.decode()
        article = content[content.index("<article") : content.index("</article>")]
        assert "<img" not in article
        figure = re.search(r'<figure class="photo photo--missing">.*?</figure>', article, re.S).group(0)
        assert '<div class="photo__frame"><p class="photo__missing">Photo not available</p></div>' in figure
        assert "Ms. Chhy Ratha during her stay at the ASEAN Secretariat" in figure
        assert "© Chhy Ratha" in figure
        # A frame, not a quotation.
        assert "<blockquote" not in figure and "pull-quote" not in figure

    def test_related_stories_share_the_graduates_country_or_track(self, client, seeded):
        trung = client.get("/stories/hoang-quoc-trung/")
        # Trung (Viet Nam, Junior Diplomats) shares his track with Ekkaphab only.
        assert [story.slug for story in trung.context["related_stories"]] == ["ekkaphab-phanthavong"]
        assert "Related stories" in text_of(trung)
        ratha = client.get("/stories/chhy-ratha/")
        assert [story.slug for story in ratha.context["related_stories"]] == ["htet-htet-htoo"]

    def test_a_pull_quote_that_is_the_last_paragraphs_words_is_left_out(self, client, seeded):
        # Ekkaphab's quote closes his story; Trung's comes from the middle of his.
        ekkaphab = client.get("/stories/ekkaphab-phanthavong/").content.decode()
        assert 'class="pull-quote"' not in ekkaphab
        assert ekkaphab.count("For CLMV, especially for Laos, we feel that the Programme meets what we need") == 1
        assert 'class="pull-quote"' in client.get("/stories/hoang-quoc-trung/").content.decode()


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

    def test_the_lead_photo_is_the_open_graph_image(self, client):
        story = GraduateStoryFactory()
        StoryPhotoFactory(story=story, position=0)
        photo = StoryPhotoFactory(story=story, position=1, alt_text="At the ASEAN-Japan Centre")
        StoryPhoto.objects.filter(pk=photo.pk).update(image_large=stored_image("large.jpg", (1200, 750)))
        content = client.get(story.get_absolute_url()).content.decode()
        assert re.search(r'<meta property="og:image" content="http://testserver/media/story-photos/large', content)
        assert '<meta property="og:image:width" content="1200">' in content
        assert '<meta property="og:image:height" content="750">' in content
        assert '<meta property="og:image:alt" content="At the ASEAN-Japan Centre">' in content
        assert content.count('property="og:image"') == 1

    def test_a_story_without_a_readable_photo_shares_the_default_image(self, client):
        story = StoryPhotoFactory().story
        content = client.get(story.get_absolute_url()).content.decode()
        assert '<meta property="og:image" content="http://testserver/static/img/share-default.png">' in content
        assert '<meta property="og:image:width" content="1200">' in content
        assert '<meta property="og:image:height" content="630">' in content
        assert '<meta name="twitter:card" content="summary_large_image">' in content


class TestSharing:
    def test_the_address_to_copy_and_plain_links_to_email_and_the_networks(self, client, seeded):
        content = client.get("/stories/htet-htet-htoo/?utm_source=feed").content.decode()
        share = re.search(r'<section class="share".*?</section>', content, re.S).group(0)
        assert '<label for="share-address">' in share
        assert (
            '<input id="share-address" class="share__field" type="url" '
            'value="http://testserver/stories/htet-htet-htoo/" readonly>' in share
        )
        address = "http%3A%2F%2Ftestserver%2Fstories%2Fhtet-htet-htoo%2F"
        headline = "Htet%20Htet%20Htoo%3A%20confidence%2C%20networks%20and%20trade%20negotiations"
        hrefs = re.findall(r'<a href="([^"]+)"', share)
        assert hrefs == [
            f"mailto:?subject={headline}&amp;body={address}",
            f"https://www.facebook.com/sharer/sharer.php?u={address}",
            f"https://x.com/intent/post?url={address}&amp;text={headline}",
            f"https://www.linkedin.com/sharing/share-offsite/?url={address}",
            f"https://wa.me/?text={headline}%20{address}",
        ]
        for name in ("Send by email", "Facebook", "X", "LinkedIn", "WhatsApp"):
            assert f">{name}</a>" in share

    def test_no_script_of_ours_or_of_the_networks_is_loaded(self, client, seeded):
        content = client.get("/stories/htet-htet-htoo/").content.decode()
        assert "<script" not in content
        assert "<iframe" not in content
        assert check(content).problems == []

    def test_the_printed_page_carries_its_address(self, client, seeded):
        content = client.get("/stories/htet-htet-htoo/?utm_source=feed").content.decode()
        assert '<p class="print-only print-address">Printed from http://testserver/stories/htet-htet-htoo/</p>' in (
            content
        )


class TestSourceArticle:
    def test_linked_when_the_story_names_one(self, client):
        story = GraduateStoryFactory(
            source_url="https://example.org/asean-deepens-integration", source_title="ASEAN Deepens Integration"
        )
        content = client.get(story.get_absolute_url()).content.decode()
        assert (
            'First published in <a href="https://example.org/asean-deepens-integration">ASEAN Deepens Integration</a>.'
            in (content)
        )

    def test_cited_without_a_link_when_only_its_title_is_known(self, client, seeded):
        content = client.get("/stories/htet-htet-htoo/").content.decode()
        assert (
            "First published in <cite>ASEAN Deepens Integration Through the Attachment Programme "
            "(JAIF Management Team, 29 September 2019)</cite>." in content
        )

    def test_not_mentioned_when_there_is_none(self, client):
        story = GraduateStoryFactory()
        assert "First published in" not in client.get(story.get_absolute_url()).content.decode()

    def test_an_address_that_is_not_a_web_page_is_refused(self):
        story = GraduateStoryFactory.build(source_url="javascript:alert(1)")
        with pytest.raises(ValidationError) as refused:
            story.full_clean(exclude=["officer", "slug"])
        assert "source_url" in refused.value.message_dict


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

    def test_related_stories_leave_out_officers_without_consent(self, client):
        shown = GraduateStoryFactory(headline="Shown story")
        hidden = OfficerFactory(public_profile_consent=False, full_name="Hidden Officer")
        PlacementFactory(officer=hidden)
        GraduateStoryFactory(officer=hidden, headline="Hidden story")
        GraduateStoryFactory(headline="Draft story", state=StoryState.DRAFT, published_on=None)
        visible = GraduateStoryFactory(headline="Another public story")
        response = client.get(shown.get_absolute_url())
        assert [story.headline for story in response.context["related_stories"]] == [visible.headline]
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
    # batches, tracks and divisions, the photos, the career milestones, the related stories: the same
    # graduate's, those of the same country and track (none here: every placement is in a track of its
    # own), then those sharing either
    with django_assert_num_queries(7):
        assert client.get(story.get_absolute_url()).status_code == 200


class TestRelatedStories:
    def test_the_same_graduate_first_then_country_and_track_then_either_newest_first(self, client):
        track, other_track = BatchFactory().track, BatchFactory().track
        story = GraduateStoryFactory(officer=graduate("VN", track), published_on=date(2019, 1, 1))
        both_old = GraduateStoryFactory(officer=graduate("VN", track), published_on=date(2018, 1, 1))
        both_new = GraduateStoryFactory(officer=graduate("VN", track), published_on=date(2020, 1, 1))
        GraduateStoryFactory(officer=graduate("KH", track), headline="Track only", published_on=date(2021, 1, 1))
        GraduateStoryFactory(officer=graduate("LA", other_track), headline="Unrelated")
        own = GraduateStoryFactory(officer=story.officer, published_on=date(2017, 1, 1))
        response = client.get(story.get_absolute_url())
        assert [s.headline for s in response.context["related_stories"]] == [
            own.headline,
            both_new.headline,
            both_old.headline,
        ]

    def test_country_or_track_alone_relates_a_story_and_nothing_else_does(self, client):
        track, other_track = BatchFactory().track, BatchFactory().track
        story = GraduateStoryFactory(officer=graduate("VN", track))
        GraduateStoryFactory(officer=graduate("KH", track), headline="Same track")
        GraduateStoryFactory(officer=graduate("VN", other_track), headline="Same country")
        GraduateStoryFactory(officer=graduate("LA", other_track), headline="Unrelated")
        response = client.get(story.get_absolute_url())
        assert sorted(s.headline for s in response.context["related_stories"]) == ["Same country", "Same track"]
        assert "Unrelated" not in response.content.decode()

    def test_three_of_the_same_country_and_track_end_the_search(self, client, django_assert_num_queries):
        track = BatchFactory().track
        story = GraduateStoryFactory(officer=graduate("VN", track))
        closest = [GraduateStoryFactory(officer=graduate("VN", track)).headline for _ in range(3)]
        GraduateStoryFactory(officer=graduate("VN", BatchFactory().track), headline="Country only")
        # as the page's query count above, less the look for stories sharing either
        with django_assert_num_queries(6):
            response = client.get(story.get_absolute_url())
        assert sorted(s.headline for s in response.context["related_stories"]) == sorted(closest)

    def test_a_withdrawn_placement_does_not_relate_a_story_by_its_track(self, client):
        track, other_track = BatchFactory().track, BatchFactory().track
        story = GraduateStoryFactory(officer=graduate("VN", track))
        withdrawn = graduate("KH", other_track)
        PlacementFactory(officer=withdrawn, batch=BatchFactory(track=track), outcome="withdrawn")
        GraduateStoryFactory(officer=withdrawn, headline="Withdrew from that track")
        assert client.get(story.get_absolute_url()).context["related_stories"] == []

    def test_without_a_related_story_the_panel_is_left_out(self, client):
        story = GraduateStoryFactory()
        assert "Related stories" not in client.get(story.get_absolute_url()).content.decode()


def graduate(country: str, track) -> Officer:
    officer = OfficerFactory(country=country)
    PlacementFactory(officer=officer, batch=BatchFactory(track=track))
    return officer


class TestThePullQuoteRule:
    BODY = "The first paragraph.\n\nA middle paragraph, quoted above.\n\n“It changed my life,” she said. Then more."

    @pytest.mark.parametrize(
        "quote",
        [
            "It changed my life",
            "it changed my LIFE.",
            "“It changed my life,” she said. Then more.",
            "*It* changed my life",
        ],
    )
    def test_the_last_paragraphs_words_are_not_shown_again(self, quote):
        assert repeats_last_paragraph(pull_quote=quote, body=self.BODY)
        assert not shows_pull_quote(pull_quote=quote, body=self.BODY)

    @pytest.mark.parametrize(
        "quote", ["A middle paragraph, quoted above.", "It changed my whole life", "changed my lif"]
    )
    def test_other_words_are_shown(self, quote):
        assert not repeats_last_paragraph(pull_quote=quote, body=self.BODY)
        assert shows_pull_quote(pull_quote=quote, body=self.BODY)

    def test_an_empty_quote_is_not_shown(self):
        assert not shows_pull_quote(pull_quote="  ", body=self.BODY)

    def test_the_last_paragraph_is_read_past_trailing_blank_lines(self):
        assert last_paragraph("One.\n\nTwo.\n\n   \n") == "Two."

    def test_on_the_page_a_quote_from_the_last_paragraph_is_left_out(self, client):
        story = GraduateStoryFactory(body=self.BODY, pull_quote="It changed my life")
        assert 'class="pull-quote"' not in client.get(story.get_absolute_url()).content.decode()
        other = GraduateStoryFactory(body=self.BODY, pull_quote="A middle paragraph, quoted above.")
        assert 'class="pull-quote"' in client.get(other.get_absolute_url()).content.decode()


def test_the_default_share_image_is_a_1200_by_630_png():
    path = finders.find(DEFAULT_SHARE_IMAGE)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == DEFAULT_SHARE_IMAGE_SIZE == (1200, 630)


def test_related_stories_are_found_once_per_change_of_the_records(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    story = GraduateStoryFactory(officer=PlacementFactory().officer)
    assert "Related stories" not in text_of(client.get(f"{story.get_absolute_url()}?fresh=1"))
    # the story with its officer and consent; placements; photos; career; nothing for related stories
    with django_assert_num_queries(4):
        client.get(f"{story.get_absolute_url()}?fresh=2")
    with django_capture_on_commit_callbacks(execute=True):
        other = GraduateStoryFactory(officer=story.officer, headline="Another of the same graduate's")
    assert other.headline in text_of(client.get(f"{story.get_absolute_url()}?fresh=3"))

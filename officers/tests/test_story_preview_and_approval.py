"""A story's preview for staff, the officer's approval of its text, and the rule that publishing needs
that approval; the story form's boxes and its photos' thumbnails and warnings."""

import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.page_cache import PAGE_KEY_PREFIX
from officers.models import GraduateStory, StoryState
from officers.services.publication import PublicationRefused, record_officer_approval, set_publication
from officers.tests.factories import GraduateStoryFactory, StoryPhotoFactory
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

NOT_APPROVED = "The officer has not approved this text yet: record their approval, then publish."
CHANGED_SINCE = "The text changed after the officer approved it on 3 May 2026: ask them again."


def preview_url(story) -> str:
    return reverse("admin:officers_graduatestory_preview", args=[story.pk])


def approval_url(story) -> str:
    return reverse("admin:officers_graduatestory_officer_approval", args=[story.pk])


def change_url(story) -> str:
    return reverse("admin:officers_graduatestory_change", args=[story.pk])


def publish(client, stories):
    return client.post(
        reverse("admin:officers_graduatestory_changelist"),
        {"action": "publish_stories", "_selected_action": [story.pk for story in stories], "index": 0},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def draft(**kwargs) -> GraduateStory:
    return GraduateStoryFactory(
        state=StoryState.DRAFT,
        published_on=None,
        headline="A draft not yet public",
        body="Words only staff may read so far.",
        **kwargs,
    )


def stored_image(name: str, size: tuple[int, int]) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "JPEG")
    return default_storage.save(f"story-photos/{name}", ContentFile(buffer.getvalue()))


def page_cache_keys() -> list[str]:
    return [key for key in getattr(cache, "_cache", {}) if PAGE_KEY_PREFIX in key]


# --- The preview


@pytest.mark.parametrize("role_client", ["editor_client", "communications_client", "viewer_client"])
def test_every_staff_role_previews_a_draft_as_the_public_page(request, role_client):
    story = draft()
    response = request.getfixturevalue(role_client).get(preview_url(story))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Preview — not public" in content
    assert 'class="preview-banner"' in content
    assert "A draft not yet public</h1>" in content
    assert "Words only staff may read so far." in content
    assert "public/story_detail.html" in [template.name for template in response.templates]


def test_the_preview_is_not_for_anonymous_visitors_or_officers(client, officer_a_client):
    story = draft()
    for visitor in (client, officer_a_client):
        response = visitor.get(preview_url(story))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "Words only staff may read" not in response.content.decode()


def test_the_preview_is_never_cached_and_never_indexed(viewer_client):
    response = viewer_client.get(preview_url(draft()))
    assert response["X-Robots-Tag"] == "noindex"
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_preview_is_not_stored_with_the_public_pages(client, viewer_client):
    story = GraduateStoryFactory(headline="Published and previewed")
    viewer_client.get(preview_url(story))
    assert page_cache_keys() == []
    # The check can see a stored page: the public page is stored when the public reads it.
    assert client.get(story.get_absolute_url()).status_code == 200
    assert page_cache_keys() != []


def test_the_preview_shows_the_date_a_draft_would_be_published_on(viewer_client):
    content = viewer_client.get(preview_url(draft())).content.decode()
    assert f'<time datetime="{timezone.localdate():%Y-%m-%d}">' in content
    assert not GraduateStory.objects.get(headline="A draft not yet public").published_on


def test_the_story_page_links_to_its_preview(viewer_client, communications_client):
    story = draft()
    assert f'href="{preview_url(story)}"' in viewer_client.get(change_url(story)).content.decode()
    content = communications_client.get(change_url(story)).content.decode()
    assert f'href="{preview_url(story)}"' in content
    assert f'href="{approval_url(story)}"' in content


def test_a_story_that_does_not_exist_has_no_preview(viewer_client):
    assert viewer_client.get(reverse("admin:officers_graduatestory_preview", args=[999999])).status_code == 404


# --- The officer's approval


def test_recording_the_approval_keeps_who_when_and_which_version(communications_client, communications):
    story = draft()
    response = communications_client.post(
        approval_url(story), {"approved_on": "2026-05-03", "version": story.version}, follow=True
    )
    assert f"Recorded that the officer approved version {story.version} of the text on 3 May 2026." in messages_of(
        response
    )
    approved = GraduateStory.objects.get(pk=story.pk)
    assert approved.officer_approved_on == date(2026, 5, 3)
    assert approved.officer_approved_version == story.version
    assert approved.officer_approval_recorded_by == communications
    assert abs(timezone.now() - approved.officer_approval_recorded_at).total_seconds() < 60
    assert approved.has_valid_approval()
    latest = approved.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        communications,
        "Recorded the officer's approval of the text",
    )
    assert "The officer approved this text (version" in communications_client.get(change_url(story)).content.decode()


def test_an_editor_may_record_the_approval_and_a_viewer_may_not(editor_client, viewer_client):
    story = draft()
    assert viewer_client.get(approval_url(story)).status_code == 403
    viewer_client.post(approval_url(story), {"approved_on": "2026-05-03", "version": story.version})
    assert GraduateStory.objects.get(pk=story.pk).officer_approved_on is None
    recorded = editor_client.post(approval_url(story), {"approved_on": "2026-05-03", "version": story.version})
    assert recorded.status_code == 302
    assert GraduateStory.objects.get(pk=story.pk).has_valid_approval()


def test_an_approval_of_a_text_saved_again_since_the_page_opened_is_refused(communications, communications_client):
    story = draft()
    opened = story.version
    story.body = "Rewritten meanwhile."
    story.save()
    response = communications_client.post(approval_url(story), {"approved_on": "2026-05-03", "version": opened})
    assert response.status_code == 200
    assert "Someone saved the story after you opened this page" in response.content.decode()
    assert GraduateStory.objects.get(pk=story.pk).officer_approved_on is None


def test_an_approval_dated_ahead_is_refused(communications):
    story = draft()
    with pytest.raises(Exception, match="cannot be ahead"):
        record_officer_approval(story=story, version=story.version, approved_on=date(2999, 1, 1), by=communications)


def test_an_edit_of_a_field_outside_the_text_keeps_the_approval(communications):
    story = record_officer_approval(story=draft(), version=1, approved_on=date(2026, 5, 3), by=communications)
    story.byline = "Another byline"
    story.state = StoryState.IN_REVIEW
    story.save()
    assert story.has_valid_approval()
    assert story.version > story.officer_approved_version


# --- Publishing needs the approval


def test_publishing_without_the_approval_is_refused_and_says_what_is_missing(communications_client):
    story = draft()
    response = publish(communications_client, [story])
    assert messages_of(response) == [f"Nothing was published. “A draft not yet public”: {NOT_APPROVED}"]
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.DRAFT


def test_publishing_after_the_text_changed_is_refused_and_says_when_it_was_approved(communications_client):
    story = draft(approved=True, officer_approved_on=date(2026, 5, 3))
    story.body = "A sentence the officer never saw."
    story.save()
    response = publish(communications_client, [story])
    assert messages_of(response) == [f"Nothing was published. “A draft not yet public”: {CHANGED_SINCE}"]
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.DRAFT
    assert CHANGED_SINCE.replace("it on", "version 1 on") in communications_client.get(
        change_url(story)
    ).content.decode().replace("&#x27;", "'")


def test_publishing_after_the_approval_is_recorded_publishes(communications_client):
    story = draft()
    communications_client.post(
        approval_url(story), {"approved_on": "2026-05-03", "version": story.version}, follow=True
    )
    response = publish(communications_client, [story])
    assert messages_of(response)[0] == "Published 1 story."
    story.refresh_from_db()
    assert (story.state, story.published_on) == (StoryState.PUBLISHED, timezone.localdate())
    assert story.has_valid_approval()


def test_one_unapproved_story_stops_the_whole_selection(communications):
    approved = draft(approved=True)
    unapproved = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None, headline="Unapproved")
    with pytest.raises(PublicationRefused) as refusal:
        set_publication(
            stories=GraduateStory.objects.filter(pk__in=[approved.pk, unapproved.pk]), publish=True, by=communications
        )
    assert refusal.value.messages == [f"“Unapproved”: {NOT_APPROVED}"]
    assert not GraduateStory.objects.filter(state=StoryState.PUBLISHED).exists()


def test_publishing_through_the_form_without_the_approval_is_refused(communications_client, admin_form_data):
    story = draft()
    data = admin_form_data(communications_client.get(change_url(story)))
    data.update(state=StoryState.PUBLISHED, published_on="2019-09-29")
    response = communications_client.post(change_url(story), data)
    assert response.status_code == 200
    assert NOT_APPROVED in response.content.decode()
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.DRAFT


def test_publishing_through_the_form_with_an_edit_of_the_approved_text_is_refused(
    communications_client, admin_form_data
):
    story = draft(approved=True, officer_approved_on=date(2026, 5, 3))
    data = admin_form_data(communications_client.get(change_url(story)))
    data.update(state=StoryState.PUBLISHED, published_on="2019-09-29", body="Changed on the way out.")
    response = communications_client.post(change_url(story), data)
    assert response.status_code == 200
    assert CHANGED_SINCE in response.content.decode()
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.DRAFT


def test_unpublishing_needs_no_approval(communications):
    story = GraduateStoryFactory(approved=False)
    assert set_publication(stories=GraduateStory.objects.filter(pk=story.pk), publish=False, by=communications)
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.DRAFT


# --- The form's boxes and the photos


def test_the_form_sizes_each_text_box_for_what_it_holds(editor_client):
    content = editor_client.get(change_url(draft())).content.decode()
    headline = re.search(r'<input[^>]*name="headline"[^>]*>', content).group(0)
    assert "portal-story-headline" in headline and "style=" not in headline
    for name, rows in (("standfirst", 3), ("pull_quote", 3), ("body", 24)):
        box = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', content).group(0)
        assert f'rows="{rows}"' in box, name


def test_a_photo_without_a_file_is_flagged_and_a_photo_with_one_shows_its_thumbnail(editor_client):
    story = draft()
    StoryPhotoFactory(story=story, caption="No file here")
    StoryPhotoFactory(
        story=story,
        alt_text="Officers at the Secretariat",
        image=stored_image("original.jpg", (1600, 1000)),
        image_small=stored_image("small.jpg", (480, 300)),
        width=1600,
        height=1000,
    )
    content = editor_client.get(change_url(story)).content.decode()
    assert content.count('class="portal-photo-missing"') == 1
    assert "No image file: this photo shows as an empty captioned frame" in content
    thumbnail = re.search(r'<img class="portal-photo-thumb"[^>]*>', content).group(0)
    assert 'alt="Officers at the Secretariat"' in thumbnail
    assert "/media/story-photos/" in thumbnail


def test_a_signed_in_preview_needs_a_staff_login_even_for_the_officer_of_the_story(officer_a):
    story = draft(officer=officer_a)
    response = signed_in_client(officer_a.user).get(preview_url(story))
    assert response.status_code == 302

"""Publishing is for Communications (and superusers) only: the actions, the state field on the
story form and a history revert all respect it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from officers.admin.forms import PUBLISH_REFUSED
from officers.models import GraduateStory, StoryState
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory, StoryPhotoFactory

pytestmark = pytest.mark.django_db


def change_url(story) -> str:
    return reverse("admin:officers_graduatestory_change", args=[story.pk])


def run_action(client, action: str, stories):
    return client.post(
        reverse("admin:officers_graduatestory_changelist"),
        {"action": action, "_selected_action": [story.pk for story in stories], "index": 0},
        follow=True,
    )


def test_communications_publishes_stories_dated_today_and_is_the_recorded_author(communications_client):
    story = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None, approved=True)
    response = run_action(communications_client, "publish_stories", [story])
    assert "Published 1 story." in response.content.decode()
    story.refresh_from_db()
    assert (story.state, story.published_on) == (StoryState.PUBLISHED, timezone.localdate())
    assert GraduateStory.objects.public().filter(pk=story.pk).exists()
    assert story.history.latest().history_user.username == "communications@example.org"


def test_publishing_a_story_the_public_cannot_see_says_so(communications_client):
    officer = PlacementFactory(officer=OfficerFactory(public_profile_consent=False)).officer
    story = GraduateStoryFactory(officer=officer, state=StoryState.DRAFT, published_on=None, approved=True)
    response = run_action(communications_client, "publish_stories", [story])
    assert "Published but not shown to the public" in response.content.decode()


def test_communications_unpublishes_back_to_draft(communications_client):
    story = GraduateStoryFactory()
    run_action(communications_client, "unpublish_stories", [story])
    story.refresh_from_db()
    assert story.state == StoryState.DRAFT
    assert not GraduateStory.objects.public().filter(pk=story.pk).exists()


def test_communications_publishes_through_the_story_form(communications_client, admin_form_data):
    story = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None, approved=True)
    data = admin_form_data(communications_client.get(change_url(story)))
    data.update(state=StoryState.PUBLISHED, published_on="2019-09-29")
    assert communications_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert (story.state, story.published_on) == (StoryState.PUBLISHED, date(2019, 9, 29))


def test_an_editor_is_not_offered_published_as_a_state(editor_client):
    story = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    form = editor_client.get(change_url(story)).context["adminform"].form
    assert [value for value, _label in form.fields["state"].choices] == [StoryState.DRAFT, StoryState.IN_REVIEW]


def test_an_editor_cannot_publish_by_editing_the_state_field(editor_client, admin_form_data):
    story = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None)
    data = admin_form_data(editor_client.get(change_url(story)))
    data.update(state=StoryState.PUBLISHED, published_on="2019-09-29")
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["state"]
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.IN_REVIEW


def test_an_editor_moves_a_draft_into_review(editor_client, admin_form_data):
    story = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    data = admin_form_data(editor_client.get(change_url(story)))
    data["state"] = StoryState.IN_REVIEW
    assert editor_client.post(change_url(story), data).status_code == 302
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.IN_REVIEW


def test_an_editor_corrects_a_published_story_without_touching_its_publication(editor_client, admin_form_data):
    story = GraduateStoryFactory(body="Typo", published_on=date(2019, 9, 29))
    response = editor_client.get(change_url(story))
    assert {"state", "published_on"} <= set(response.context["adminform"].readonly_fields)
    data = admin_form_data(response)
    data["body"] = "Fixed"
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert (story.body, story.state, story.published_on) == ("Fixed", StoryState.PUBLISHED, date(2019, 9, 29))


def test_an_editor_cannot_publish_by_reverting_to_a_published_version(editor_client, admin_form_data):
    story = GraduateStoryFactory()
    story.state = StoryState.DRAFT
    story.save()
    published = story.history.earliest()
    url = reverse("admin:officers_graduatestory_simple_history", args=[story.pk, published.history_id])
    response = editor_client.post(url, admin_form_data(editor_client.get(url)))
    assert response.status_code == 200
    assert str(PUBLISH_REFUSED) in response.content.decode()
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.DRAFT


def test_communications_may_revert_to_a_published_version(communications_client, admin_form_data):
    story = GraduateStoryFactory()
    story.state = StoryState.DRAFT
    story.save()
    url = reverse("admin:officers_graduatestory_simple_history", args=[story.pk, story.history.earliest().history_id])
    assert communications_client.post(url, admin_form_data(communications_client.get(url))).status_code == 302
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.PUBLISHED


def test_the_story_page_shows_its_photos_inline(communications_client):
    photo = StoryPhotoFactory(caption="At the ASEAN-Japan Centre.")
    response = communications_client.get(change_url(photo.story))
    assert "At the ASEAN-Japan Centre." in response.content.decode()


def test_communications_adds_a_photo_on_the_story_page(communications_client, admin_form_data):
    story = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    data = admin_form_data(communications_client.get(change_url(story)))
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-alt_text": "Two officers at a meeting",
            "photos-0-caption": "At a meeting.",
            "photos-0-credit": "JAIF Management Team",
            "photos-0-position": "0",
        }
    )
    assert communications_client.post(change_url(story), data).status_code == 302
    assert story.photos.get().alt_text == "Two officers at a meeting"


def test_publishing_from_a_filtered_list_works(communications_client):
    story = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None, approved=True)
    track = story.officer.placements.get().batch.track
    response = communications_client.post(
        reverse("admin:officers_graduatestory_changelist") + f"?track={track.slug}",
        {"action": "publish_stories", "_selected_action": [story.pk], "index": 0},
        follow=True,
    )
    assert "Published 1 story." in response.content.decode()
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.PUBLISHED

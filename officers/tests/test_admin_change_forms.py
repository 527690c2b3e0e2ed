"""The query budgets of the Officer, Placement, story and Batch change forms, opened by an editor.

The choosers of related records search as you type, so a form never lists the other officers,
batches or divisions; rows that show without choosers (an officer's stories, a story's photos, a
batch's activities) are read in one query however many there are. A placement or career-step row
looks up what each of its choosers shows, so these budgets hold those rows at one each.
"""

import pytest
from django.urls import reverse

from batches.tests.factories import ActivityFactory
from officers.models import GraduateStory
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
    UserFactory,
)
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session, the signed-in user
PERMISSIONS = 2  # the user's own permissions, their groups' permissions
SESSION_SAVED = 3  # savepoint, session update (saved on every request), release
# One placement row: its officer (for the row's name), the batch chooser's batch and that batch's
# track (for its label), the division chooser's division.
PLACEMENT_ROW = 4


def opened(client, url: str) -> str:
    """The page, opened once already with a row in each of its tables: Django reads the content types
    of the record and of each table's rows once per process and keeps them, so a first request fills
    that cache and the counted one is the same in any test order."""
    assert client.get(url).status_code == 200
    return url


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_officer_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    officer = OfficerFactory(full_name="Chhy Ratha", user=UserFactory())
    PlacementFactory(officer=officer)
    CareerMilestoneFactory(officer=officer)
    GraduateStoryFactory(officer=officer)
    url = opened(editor_client, reverse("admin:officers_officer_change", args=[officer.pk]))
    GraduateStoryFactory.create_batch(records - 1, officer=officer)
    OfficerFactory.create_batch(records)
    the_officer = 2  # the officer, their placements with batch, track and division (for the programme line)
    # placements with batch, track, division and supervisor; career steps with organisation and checker; stories
    rows = 3
    choosers = 2  # the home organisation; the linked login, shown read-only
    milestone_row = 1  # the organisation chooser's organisation
    with django_assert_num_queries(
        SESSION_AND_USER + the_officer + PERMISSIONS + rows + choosers + PLACEMENT_ROW + milestone_row + SESSION_SAVED
    ):
        response = editor_client.get(url)
    assert response.context["subtitle"] == "Chhy Ratha"
    stories = next(
        inline for inline in response.context["inline_admin_formsets"] if inline.opts.model is GraduateStory
    )
    assert len(stories.formset.forms) == records


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_placement_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    placement = PlacementFactory(officer=OfficerFactory(full_name="Chhy Ratha"))
    url = opened(editor_client, reverse("admin:officers_placement_change", args=[placement.pk]))
    PlacementFactory.create_batch(records)  # other officers, batches and divisions the choosers could offer
    the_placement = 1
    its_name = 3  # the officer and the batch with its track, for the page's title
    choosers = 4  # the officer chooser's officer, the batch chooser's batch and its track, the division's
    with django_assert_num_queries(
        SESSION_AND_USER + the_placement + PERMISSIONS + its_name + choosers + SESSION_SAVED
    ):
        response = editor_client.get(url)
    assert response.context["subtitle"] == str(placement)


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_story_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    story = GraduateStoryFactory(headline="From officer to Director")
    StoryPhotoFactory(story=story)
    url = opened(editor_client, reverse("admin:officers_graduatestory_change", args=[story.pk]))
    StoryPhotoFactory.create_batch(records - 1, story=story)
    OfficerFactory.create_batch(records)
    the_story = 1  # with whether the public sees it and its photo count
    photos = 1
    officer_chooser = 1
    with django_assert_num_queries(
        SESSION_AND_USER + the_story + PERMISSIONS + photos + officer_chooser + SESSION_SAVED
    ):
        response = editor_client.get(url)
    assert response.context["subtitle"] == "From officer to Director"
    [photo_rows] = response.context["inline_admin_formsets"]
    assert len(photo_rows.formset.forms) == records


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_batch_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    placement = PlacementFactory()
    batch = placement.batch
    ActivityFactory(batch=batch)
    url = opened(editor_client, reverse("admin:batches_batch_change", args=[batch.pk]))
    ActivityFactory.create_batch(records - 1, batch=batch)
    PlacementFactory.create_batch(records)  # placements of other batches
    the_batch = 1  # with its track and its officer and graduate counts
    rows = 2  # placements with officer, division and supervisor; activities
    track_chooser = 1
    with django_assert_num_queries(
        SESSION_AND_USER + the_batch + PERMISSIONS + rows + track_chooser + PLACEMENT_ROW + SESSION_SAVED
    ):
        response = editor_client.get(url)
    assert response.context["subtitle"] == str(batch)
    placements, activities = response.context["inline_admin_formsets"]
    assert [form.instance for form in placements.formset.forms] == [placement]
    assert len(activities.formset.forms) == records

"""The query budgets of the Officer, Placement, story and Batch change forms, opened by an editor.

The choosers of related records search as you type, so a form never lists the other officers,
batches or divisions. A table of rows is read in one query however many rows it has, and each of its
chooser columns reads the records its rows have chosen in one query too (core/admin/shared_choices.py).
"""

import pytest
from django.urls import reverse

from batches.models import Batch
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
# The placements table's choosers: the batches chosen, with their tracks (for their labels), and the
# divisions chosen, each in one query for every row.
PLACEMENT_CHOOSERS = 2


def opened(client, url: str) -> str:
    """The page, opened once already with a row in each of its tables: Django reads the content types
    of the record and of each table's rows once per process and keeps them, so a first request fills
    that cache and the counted one is the same in any test order."""
    assert client.get(url).status_code == 200
    return url


def officer_with_records(client, records: int):
    """An officer with a login, opened once with a placement, a career step and a story; then four
    more placements (officers rarely have more than two), and `records` career steps, stories and
    other officers."""
    officer = OfficerFactory(full_name="Chhy Ratha", user=UserFactory())
    PlacementFactory(officer=officer)
    CareerMilestoneFactory(officer=officer)
    GraduateStoryFactory(officer=officer)
    url = opened(client, reverse("admin:officers_officer_change", args=[officer.pk]))
    opened(client, f"{url}?edit-rows=1")
    PlacementFactory.create_batch(4, officer=officer)
    CareerMilestoneFactory.create_batch(records - 1, officer=officer)
    GraduateStoryFactory.create_batch(records - 1, officer=officer)
    OfficerFactory.create_batch(records)
    return url


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_officer_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    url = officer_with_records(editor_client, records)
    the_officer = 2  # the officer, their placements with batch, track and division (for the programme line)
    # listed: placements with batch, track, division and supervisor; career steps with organisation and checker
    listed = 2
    stories = 1
    choosers = 2  # the home organisation; the linked login, shown read-only
    with django_assert_num_queries(SESSION_AND_USER + the_officer + PERMISSIONS + listed + stories + choosers):
        response = editor_client.get(url)
    assert response.context["subtitle"] == "Chhy Ratha"
    assert len(response.context["listed_rows"]["careermilestone"]) == records
    [stories_table] = response.context["inline_admin_formsets"]
    assert len(stories_table.formset.forms) == records


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_officer_tables_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    url = officer_with_records(editor_client, records)
    the_officer = 2
    # placements with batch, track, division and supervisor; career steps with organisation and checker; stories
    rows = 3
    choosers = 2  # the home organisation; the linked login, shown read-only
    milestone_choosers = 1  # the organisations the career steps chose
    with django_assert_num_queries(
        SESSION_AND_USER + the_officer + PERMISSIONS + rows + choosers + PLACEMENT_CHOOSERS + milestone_choosers
    ):
        response = editor_client.get(f"{url}?edit-rows=1")
    placements, milestones, stories = response.context["inline_admin_formsets"]
    assert len(placements.formset.forms) == 5
    assert len(milestones.formset.forms) == records
    assert stories.opts.model is GraduateStory and len(stories.formset.forms) == records


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_placement_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    placement = PlacementFactory(officer=OfficerFactory(full_name="Chhy Ratha"))
    url = opened(editor_client, reverse("admin:officers_placement_change", args=[placement.pk]))
    PlacementFactory.create_batch(records)  # other officers, batches and divisions the choosers could offer
    the_placement = 1
    its_name = 3  # the officer and the batch with its track, for the page's title
    choosers = 4  # the officer chooser's officer, the batch chooser's batch and its track, the division's
    with django_assert_num_queries(SESSION_AND_USER + the_placement + PERMISSIONS + its_name + choosers):
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
    translations = 1
    officer_chooser = 1
    with django_assert_num_queries(
        SESSION_AND_USER + the_story + PERMISSIONS + photos + translations + officer_chooser
    ):
        response = editor_client.get(url)
    assert response.context["subtitle"] == "From officer to Director"
    photo_rows = next(rows for rows in response.context["inline_admin_formsets"] if rows.formset.prefix == "photos")
    assert len(photo_rows.formset.forms) == records


def batch_with_officers(client, records: int, query: str = "") -> tuple[str, Batch, int]:
    """A batch with a placement and an activity, its page (with `query`) opened once; then `records`
    activities, up to forty officers (a batch takes a few dozen) and `records` placements of other
    batches. Returns the page, the batch and the number of officers placed in it."""
    placement = PlacementFactory()
    batch = placement.batch
    ActivityFactory(batch=batch)
    url = opened(client, reverse("admin:batches_batch_change", args=[batch.pk]) + query)
    officers_placed = min(records, 40)
    ActivityFactory.create_batch(records - 1, batch=batch)
    PlacementFactory.create_batch(officers_placed - 1, batch=batch)
    PlacementFactory.create_batch(records)
    return url, batch, officers_placed


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_batch_change_form_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    url, batch, officers_placed = batch_with_officers(editor_client, records)
    the_batch = 1  # with its track and its officer and graduate counts
    listed = 2  # placements with their officers, divisions and supervisors; activities
    track_chooser = 1
    with django_assert_num_queries(SESSION_AND_USER + the_batch + PERMISSIONS + listed + track_chooser):
        response = editor_client.get(url)
    assert response.context["subtitle"] == str(batch)
    assert len(response.context["listed_rows"]["placement"]) == officers_placed
    assert len(response.context["listed_rows"]["activity"]) == records


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_batch_placements_table_query_count_does_not_grow(editor_client, django_assert_num_queries, records):
    url, _batch, officers_placed = batch_with_officers(editor_client, records, "?edit-rows=1")
    the_batch = 1
    rows = 2  # placements with officer, division and supervisor; activities
    track_chooser = 1
    # The placements table's choosers: the officers chosen and the divisions chosen, one query each.
    placement_choosers = 2
    with django_assert_num_queries(
        SESSION_AND_USER + the_batch + PERMISSIONS + rows + track_chooser + placement_choosers
    ):
        response = editor_client.get(url)
    placements, activities = response.context["inline_admin_formsets"]
    assert len(placements.formset.forms) == officers_placed
    assert len(activities.formset.forms) == records

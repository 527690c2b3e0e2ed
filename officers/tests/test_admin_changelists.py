"""The officer, placement and story changelists: the columns staff need, the filters they use,
and a query count that does not grow with the rows shown."""

import pytest
from django.urls import reverse

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import PlacementOutcome, StoryState
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

# Every changelist request, whatever the model, starts and ends the same way.
SESSION_AND_USER = 2  # the session, the signed-in user
PERMISSIONS = 2  # the user's own permissions, their groups' permissions
SESSION_SAVED = 3  # savepoint, session update (saved on every request), release
COUNTS = 2  # rows matching the filters, rows in all


def programme_of(rows: int) -> None:
    """`rows` officers over three batches of one track, each with a placement, a story with a photo
    and a milestone."""
    track = ProgrammeTrackFactory()
    batches = BatchFactory.create_batch(3, track=track)
    division = DivisionFactory()
    for n in range(rows):
        placement = PlacementFactory(batch=batches[n % 3], division=division)
        StoryPhotoFactory(story=GraduateStoryFactory(officer=placement.officer))
        CareerMilestoneFactory(officer=placement.officer)


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_officer_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    filters = 3  # the track, batch (with tracks) and division filters' choices
    page = 2  # the page of officers with their home organisations, their placements with batch, track, division
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page + SESSION_SAVED):
        assert editor_client.get(reverse("admin:officers_officer_changelist")).status_code == 200


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_placement_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    filters = 3  # the track, batch (with tracks) and division filters' choices
    page = 1  # the page, joined to officer, batch, track, division and supervisor
    date_hierarchy = 2  # the first and last batch start, the years to offer
    with django_assert_num_queries(
        SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page + date_hierarchy + SESSION_SAVED
    ):
        assert editor_client.get(reverse("admin:officers_placement_changelist")).status_code == 200


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_story_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    filters = 1  # the track filter's choices
    page = 1  # the page, joined to the officer, with "shown to the public" and the photo count annotated
    date_hierarchy = 2  # the first and last publication date, the years to offer
    with django_assert_num_queries(
        SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page + date_hierarchy + SESSION_SAVED
    ):
        assert editor_client.get(reverse("admin:officers_graduatestory_changelist")).status_code == 200


def test_officer_row_answers_country_track_batch_division_status_and_consent(editor_client):
    placement = PlacementFactory(
        officer=OfficerFactory(full_name="Chhy Ratha", country="KH", public_profile_consent=True),
        batch=BatchFactory(track=ProgrammeTrackFactory(short_name="AEC and ASCC Involvement"), number=2),
        division=DivisionFactory(name="Social Welfare Division"),
        outcome=PlacementOutcome.COMPLETED,
    )
    response = editor_client.get(reverse("admin:officers_officer_changelist"))
    row = response.content.decode()
    for text in [
        "Chhy Ratha",
        "Cambodia",
        "AEC and ASCC Involvement",
        placement.batch.label,
        "Social Welfare Division",
    ]:
        assert text in row
    assert "Completed (graduated)" in row
    assert 'alt="True"' in row  # the consent column's icon


def test_officers_filter_by_track_batch_country_division_status_and_consent(editor_client):
    wanted = PlacementFactory(
        officer=OfficerFactory(country="LA", public_profile_consent=False), outcome=PlacementOutcome.ACTIVE
    )
    PlacementFactory(officer=OfficerFactory(country="VN"))
    url = reverse("admin:officers_officer_changelist")
    filters = [
        {"track": wanted.batch.track.slug},
        {"batch": wanted.batch.pk},
        {"country__exact": "LA"},
        {"placements__division__id__exact": wanted.division.pk},
        {"placements__outcome__exact": "active"},
        {"public_profile_consent__exact": "0"},
    ]
    for params in filters:
        shown = list(editor_client.get(url, params).context["cl"].result_list)
        assert shown == [wanted.officer], params


def test_placements_filter_by_outcome_and_country(editor_client):
    active = PlacementFactory(outcome=PlacementOutcome.ACTIVE, officer=OfficerFactory(country="MM"))
    PlacementFactory(outcome=PlacementOutcome.COMPLETED)
    url = reverse("admin:officers_placement_changelist")
    assert list(editor_client.get(url, {"outcome__exact": "active"}).context["cl"].result_list) == [active]
    assert list(editor_client.get(url, {"officer__country__exact": "MM"}).context["cl"].result_list) == [active]


def test_stories_filter_by_state_and_by_what_the_public_sees(editor_client):
    shown = GraduateStoryFactory()
    draft = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    withdrawn = GraduateStoryFactory(
        officer=PlacementFactory(officer=OfficerFactory(public_profile_consent=False)).officer
    )
    url = reverse("admin:officers_graduatestory_changelist")
    assert list(editor_client.get(url, {"state__exact": "draft"}).context["cl"].result_list) == [draft]
    assert list(editor_client.get(url, {"public": "yes"}).context["cl"].result_list) == [shown]
    assert set(editor_client.get(url, {"public": "no"}).context["cl"].result_list) == {draft, withdrawn}


def test_officers_are_found_by_name_in_either_script_and_by_email(editor_client):
    officer = OfficerFactory(
        full_name="Hoang Quoc Trung", name_in_own_script="Hoàng Quốc Trung", email="hqt@example.org"
    )
    OfficerFactory(full_name="Somebody Else")
    url = reverse("admin:officers_officer_changelist")
    for term in ["quoc", "Hoàng", "hqt@example"]:
        assert list(editor_client.get(url, {"q": term}).context["cl"].result_list) == [officer], term


def test_milestones_filter_by_checked(editor_client, editor):
    from django.utils import timezone

    checked = CareerMilestoneFactory(checked_by=editor, checked_at=timezone.now())
    unchecked = CareerMilestoneFactory()
    url = reverse("admin:officers_careermilestone_changelist")
    assert list(editor_client.get(url, {"checked": "yes"}).context["cl"].result_list) == [checked]
    assert list(editor_client.get(url, {"checked": "no"}).context["cl"].result_list) == [unchecked]

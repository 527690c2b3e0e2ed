"""The officer, placement and story changelists: the columns staff need, the filters they use,
and a query count that does not grow with the rows shown."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from batches.models import Batch
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
COUNTS = 2  # rows matching the filters, rows in all


def programme_of(rows: int, *, checked_by=None) -> None:
    """`rows` officers over three batches of one track, each with a placement, a story with a photo
    and a milestone (checked by `checked_by`, when given)."""
    track = ProgrammeTrackFactory()
    batches = BatchFactory.create_batch(3, track=track)
    division = DivisionFactory()
    for n in range(rows):
        placement = PlacementFactory(batch=batches[n % 3], division=division)
        StoryPhotoFactory(story=GraduateStoryFactory(officer=placement.officer))
        checked = {"checked_by": checked_by, "checked_at": timezone.now()} if checked_by else {}
        CareerMilestoneFactory(officer=placement.officer, **checked)


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_officer_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    # The track and division filters' choices; the batch filter searches as you type and reads nothing.
    filters = 2
    page = 2  # the page of officers with their home organisations, their placements with batch, track, division
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page):
        assert editor_client.get(reverse("admin:officers_officer_changelist")).status_code == 200


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_officer_changelist_filtered_by_batch_reads_only_that_batch(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    batch = Batch.objects.first()
    filters = 2 + 1  # the track and division filters' choices; the chosen batch with its track, for its name
    page = 2
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page):
        response = editor_client.get(reverse("admin:officers_officer_changelist"), {"batch": batch.pk})
    assert response.context["cl"].result_count == len(range(0, rows, 3))


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_placement_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    filters = 3  # the track filter's choices, the years batches started (from the batches), the divisions
    page = 1  # the page, joined to officer, batch, track, division and supervisor
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page):
        assert editor_client.get(reverse("admin:officers_placement_changelist")).status_code == 200


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_story_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    programme_of(rows)
    filters = 1  # the track filter's choices
    page = 1  # the page, with "shown to the public" and the photo count annotated
    its_officers = 1  # read by key once the page is sorted
    date_hierarchy = 2  # the first and last publication date, the years to offer
    with django_assert_num_queries(
        SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page + its_officers + date_hierarchy
    ):
        assert editor_client.get(reverse("admin:officers_graduatestory_changelist")).status_code == 200


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_milestone_changelist_query_count_does_not_grow(editor, editor_client, django_assert_num_queries, rows):
    programme_of(rows, checked_by=editor)
    filters = 1  # the first and last date, for the years to offer
    page = 1  # the page of milestones alone, sorted by date
    its_records = 3  # the page's officers, organisations and checkers, each read by key
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page + its_records):
        response = editor_client.get(reverse("admin:officers_careermilestone_changelist"))
    assert len(response.context["cl"].result_list) == min(rows, response.context["cl"].list_per_page)


def test_milestone_rows_name_the_officer_organisation_and_checker(editor, editor_client):
    milestone = CareerMilestoneFactory(checked_by=editor, checked_at=timezone.now())
    page = editor_client.get(reverse("admin:officers_careermilestone_changelist")).content.decode()
    for text in [milestone.title, milestone.officer.full_name, milestone.organisation.name, editor.username]:
        assert text in page


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


def test_placements_filter_by_outcome_country_and_the_year_their_batch_started(editor_client):
    active = PlacementFactory(
        outcome=PlacementOutcome.ACTIVE,
        officer=OfficerFactory(country="MM"),
        batch=BatchFactory(start_date=date(2016, 3, 1), end_date=date(2016, 9, 1)),
    )
    PlacementFactory(outcome=PlacementOutcome.COMPLETED, batch=BatchFactory(start_date=date(2014, 3, 1)))
    url = reverse("admin:officers_placement_changelist")
    assert list(editor_client.get(url, {"outcome__exact": "active"}).context["cl"].result_list) == [active]
    assert list(editor_client.get(url, {"officer__country__exact": "MM"}).context["cl"].result_list) == [active]
    response = editor_client.get(url, {"started": "2016"})
    assert list(response.context["cl"].result_list) == [active]
    [years] = [
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "started"
    ]
    assert [value for value, _label in years.lookup_choices] == ["2016", "2014"]
    assert editor_client.get(url, {"started": "later"}).status_code == 302  # refused, as Django's filters do


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


def test_milestones_filter_by_year_from_the_first_to_the_last(editor_client):
    early = CareerMilestoneFactory(date=date(2012, 5, 1))
    CareerMilestoneFactory(date=date(2015, 1, 1))
    CareerMilestoneFactory(date=None)
    url = reverse("admin:officers_careermilestone_changelist")
    response = editor_client.get(url, {"year": "2012"})
    assert list(response.context["cl"].result_list) == [early]
    [years] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "year"]
    assert [value for value, _label in years.lookup_choices] == ["2015", "2014", "2013", "2012"]


def test_milestones_filter_by_checked(editor_client, editor):
    checked = CareerMilestoneFactory(checked_by=editor, checked_at=timezone.now())
    unchecked = CareerMilestoneFactory()
    url = reverse("admin:officers_careermilestone_changelist")
    assert list(editor_client.get(url, {"checked": "yes"}).context["cl"].result_list) == [checked]
    assert list(editor_client.get(url, {"checked": "no"}).context["cl"].result_list) == [unchecked]

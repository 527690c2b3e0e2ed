"""The work waiting on the workspace's home page: which cards each role sees, what each count counts
(and what it leaves out, at its boundaries), that every card opens a list of exactly as many
records as it says, the page's query count, and the sign-in records kept to superusers."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from batches.models import OPEN_FOR_AT_MOST_YEARS, Batch, BatchStatus, years_before
from batches.tests.factories import BatchFactory
from core.partial_dates import DatePrecision, period_start
from officers.models import MilestoneSource, NominationState, Officer, Placement, PlacementOutcome, StoryState
from officers.models.placements import PlacementStatus
from officers.roles import COMMUNICATIONS
from officers.tests.attachment_factories import AttachmentReportFactory
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
)
from officers.tests.nomination_factories import CallForNominationsFactory, FocalPointFactory, NominationFactory
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.reading import text_of

pytestmark = pytest.mark.django_db

ROLES = ["editor_client", "viewer_client", "communications_client", "superuser_client"]

STORIES = ["stories in review", "draft stories not yet approved by their officers"]
PROGRAMME = [
    "career updates to check",
    "placements end within 30 days",
    "placements have ended and are still active",
    "officers never invited to sign in",
    "officers' invitations expired unused",
    f"batches still ongoing more than {OPEN_FOR_AT_MOST_YEARS} years after they began",
    "reports waiting for their supervisors' sign-off",
    "reports overdue",
    "nominations waiting for a decision",
]
INVITATIONS = ["officers never invited to sign in", "officers' invitations expired unused"]


@pytest.fixture
def superuser_client(db):
    return signed_in_client(UserFactory(username="root@example.org", is_staff=True, is_superuser=True))


def dashboard(client) -> dict[str, tuple[int, str]]:
    """The cards on the home page, by what they say once the number is taken off (in the plural, so
    one card reads the same whatever its count): {"stories in review": (6, "/admin/...")}."""
    cards = client.get(reverse("admin:index")).context["dashboard"]
    return {_plural_of(card): (card.count, card.url) for card in cards or []}


def _plural_of(card) -> str:
    words = unescape(re.sub(r"<[^>]+>", "", str(card.sentence))).removeprefix(f"{card.count} ")
    if card.count != 1:
        return words
    singular_to_plural = {
        "story in review": STORIES[0],
        "draft story not yet approved by its officer": STORIES[1],
        "career update to check": PROGRAMME[0],
        "placement ends within 30 days": PROGRAMME[1],
        "placement has ended and is still active": PROGRAMME[2],
        "officer never invited to sign in": PROGRAMME[3],
        "officer's invitation expired unused": PROGRAMME[4],
        f"batch still ongoing more than {OPEN_FOR_AT_MOST_YEARS} years after it began": PROGRAMME[5],
        "report waiting for its supervisor's sign-off": PROGRAMME[6],
        "report overdue": PROGRAMME[7],
        "nomination waiting for a decision": PROGRAMME[8],
    }
    return singular_to_plural[words]


def counts(client) -> dict[str, int]:
    return {words: count for words, (count, _url) in dashboard(client).items()}


def listed(client, url: str) -> int:
    """How many records the list at `url` shows."""
    response = client.get(url)
    # A lookup the list refuses redirects to "?e=1"; one it may not take answers 400.
    assert response.status_code == 200, url
    return response.context["cl"].result_count


@pytest.fixture
def everything_waiting(db):
    """One record of every kind of work waiting."""
    today = timezone.localdate()
    GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None)
    GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    CareerMilestoneFactory(source=MilestoneSource.OFFICER)
    PlacementFactory(outcome=PlacementOutcome.ACTIVE, end_date=today + timedelta(days=10))
    PlacementFactory(outcome=PlacementOutcome.ACTIVE, end_date=today - timedelta(days=10))
    OfficerFactory(user=UserFactory(date_joined=timezone.now() - timedelta(days=30)))
    BatchFactory(start_date=years_before(today, OPEN_FOR_AT_MOST_YEARS + 1), end_date=None)
    AttachmentReportFactory(submitted=True)
    AttachmentReportFactory(due_on=today - timedelta(days=1))
    NominationFactory(submitted=True)


# --- Which cards each role sees


def test_communications_sees_the_stories_waiting_and_nothing_of_the_programme(
    communications_client, everything_waiting
):
    assert counts(communications_client) == {STORIES[0]: 1, STORIES[1]: 1}


def test_editors_and_superusers_see_the_programme_work_and_not_the_stories(
    editor_client, superuser_client, everything_waiting
):
    never_invited = Officer.objects.filter(user=None).count()
    expected = dict.fromkeys(PROGRAMME, 1) | {PROGRAMME[3]: never_invited}
    assert counts(editor_client) == expected
    assert counts(superuser_client) == expected


def test_viewers_see_the_editors_counts_but_not_who_has_a_login(viewer_client, editor_client, everything_waiting):
    # Whether an officer has a login is a contact detail, which viewers do not see.
    editors = counts(editor_client)
    assert counts(viewer_client) == {words: n for words, n in editors.items() if words not in INVITATIONS}


def test_someone_in_two_roles_sees_both_once(editor, everything_waiting):
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    shown = list(dashboard(signed_in_client(editor)))
    assert shown == [*PROGRAMME, *STORIES]


def test_staff_with_no_role_have_no_dashboard(everything_waiting):
    client = signed_in_client(UserFactory(username="staff@example.org", is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.context["dashboard"] is None
    assert "Work waiting" not in text_of(response)


def test_nothing_waiting_is_said_plainly(editor_client, communications_client):
    for client in (editor_client, communications_client):
        response = client.get(reverse("admin:index"))
        assert response.context["dashboard"] == []
        assert "Work waiting Nothing waiting." in text_of(response)
        assert "portal-dashboard-card" not in response.content.decode()


def test_a_card_is_a_link_that_reads_whole(communications_client):
    for _ in range(6):
        GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None)
    page = communications_client.get(reverse("admin:index")).content.decode()
    url = reverse("admin:officers_graduatestory_changelist") + "?state__exact=in_review"
    link = re.search(rf'<a href="{re.escape(url)}">(.*?)</a>', page, re.DOTALL)
    assert link is not None
    assert " ".join(re.sub(r"<[^>]+>", " ", link.group(1)).split()) == "6 stories in review"
    assert '<h2 id="portal-dashboard-heading">Work waiting</h2>' in page


# --- Every card opens the list of exactly what it counts


@pytest.mark.parametrize("client_fixture", ROLES)
def test_every_card_opens_a_list_of_as_many_records_as_it_says(request, client_fixture, everything_waiting):
    client = request.getfixturevalue(client_fixture)
    cards = dashboard(client)
    assert cards
    for words, (count, url) in cards.items():
        assert listed(client, url) == count, words


def test_the_lists_match_the_counts_at_every_boundary(editor_client, placements_at_the_boundaries):
    cards = dashboard(editor_client)
    for words in PROGRAMME[1:3]:
        count, url = cards[words]
        assert count == 4, words
        assert listed(editor_client, url) == count, words


# --- What each count counts


def test_stories_in_review_and_drafts_the_officer_has_not_approved(communications_client):
    GraduateStoryFactory.create_batch(2, state=StoryState.IN_REVIEW, published_on=None)
    GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    GraduateStoryFactory(state=StoryState.DRAFT, published_on=None, officer_approved_on=timezone.localdate())
    GraduateStoryFactory(state=StoryState.PUBLISHED)
    assert counts(communications_client) == {STORIES[0]: 2, STORIES[1]: 1}


def test_career_updates_are_the_officers_own_steps_not_yet_checked(editor_client, editor):
    CareerMilestoneFactory.create_batch(2, source=MilestoneSource.OFFICER)
    CareerMilestoneFactory(source=MilestoneSource.OFFICER, checked_by=editor, checked_at=timezone.now())
    CareerMilestoneFactory(source=MilestoneSource.PUBLISHED_STORY)
    assert counts(editor_client)[PROGRAMME[0]] == 2


@pytest.fixture
def placements_at_the_boundaries(db):
    """Active placements either side of each boundary, by their own dates and by their batch's, and
    completed and withdrawn ones that are past their end; returns the expected counts."""
    today = timezone.localdate()
    active = PlacementOutcome.ACTIVE

    def by_batch(**batch) -> Placement:
        return PlacementFactory(outcome=active, batch=BatchFactory(**batch))

    this_month = period_start(today, DatePrecision.MONTH)
    last_month = period_start(this_month - timedelta(days=1), DatePrecision.MONTH)
    ending = [
        PlacementFactory(outcome=active, end_date=today),
        PlacementFactory(outcome=active, end_date=today + timedelta(days=30)),
        # Its batch ends this month, on the month's last day: within 30 days, whatever today is.
        by_batch(start_date=years_before(today, 1), end_date=this_month, end_precision=DatePrecision.MONTH),
        by_batch(start_date=years_before(today, 1), end_date=today + timedelta(days=30)),
    ]
    ended = [
        PlacementFactory(outcome=active, end_date=today - timedelta(days=1)),
        by_batch(start_date=years_before(today, 1), end_date=last_month, end_precision=DatePrecision.MONTH),
        by_batch(start_date=years_before(today, 2), end_date=today - timedelta(days=1)),
        # No dates anywhere: the batch's recorded status says it is over.
        by_batch(start_date=None, end_date=None, recorded_status=BatchStatus.COMPLETED),
    ]
    neither = [
        PlacementFactory(outcome=active, end_date=today + timedelta(days=31)),
        by_batch(start_date=years_before(today, 1), end_date=today + timedelta(days=31)),
        # Its own end comes first, even when its batch ended long ago.
        PlacementFactory(outcome=active, end_date=today + timedelta(days=60)),
        by_batch(start_date=today - timedelta(days=30), end_date=None),
        by_batch(start_date=None, end_date=None, recorded_status=BatchStatus.ONGOING),
        PlacementFactory(outcome=PlacementOutcome.COMPLETED, end_date=today - timedelta(days=1)),
        PlacementFactory(outcome=PlacementOutcome.WITHDRAWN, end_date=today),
    ]
    return {"ending": ending, "ended": ended, "neither": neither}


def test_placements_ending_within_30_days_and_past_their_end(editor_client, placements_at_the_boundaries):
    shown = counts(editor_client)
    assert shown[PROGRAMME[1]] == len(placements_at_the_boundaries["ending"])
    assert shown[PROGRAMME[2]] == len(placements_at_the_boundaries["ended"])
    assert set(Placement.objects.ending_soon(days=30)) == set(placements_at_the_boundaries["ending"])
    assert set(Placement.objects.awaiting_completion()) == set(placements_at_the_boundaries["ended"])


def test_ended_and_still_active_is_the_placement_status_rule(placements_at_the_boundaries):
    today = timezone.localdate()
    awaiting = set(Placement.objects.awaiting_completion(today))
    ending = set(Placement.objects.ending_soon(days=30, today=today))
    for placement in Placement.objects.select_related("batch"):
        status = placement.status_on(today)
        assert (placement in awaiting) == (status == PlacementStatus.AWAITING_COMPLETION), (status, placement.ends_on)
        ends_within_30_days = status == PlacementStatus.ONGOING and placement.ends_on is not None
        ends_within_30_days = ends_within_30_days and placement.ends_on <= today + timedelta(days=30)
        assert (placement in ending) == ends_within_30_days, (status, placement.ends_on)


def test_officers_never_invited_and_invitations_expired(editor_client):
    now = timezone.now()
    valid_for = timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    OfficerFactory.create_batch(3, user=None)
    OfficerFactory(user=UserFactory(date_joined=now - valid_for - timedelta(minutes=5)))
    OfficerFactory(user=UserFactory(date_joined=now - valid_for - timedelta(days=100)))
    # Still valid, and signed in long ago: neither waits for anything.
    OfficerFactory(user=UserFactory(date_joined=now - valid_for + timedelta(minutes=5)))
    OfficerFactory(user=UserFactory(date_joined=now - valid_for * 3, last_login=now - valid_for * 2))
    shown = counts(editor_client)
    assert shown[PROGRAMME[3]] == 3
    assert shown[PROGRAMME[4]] == 2


def test_batches_still_ongoing_years_after_they_began(editor_client):
    today = timezone.localdate()
    cutoff = years_before(today, OPEN_FOR_AT_MOST_YEARS)
    stale = [
        BatchFactory(start_date=cutoff - timedelta(days=1), end_date=None),
        BatchFactory(
            start_date=period_start(cutoff - timedelta(days=1), DatePrecision.YEAR),
            start_precision=DatePrecision.YEAR,
            end_date=None,
        ),
        BatchFactory(start_date=cutoff - timedelta(days=900), end_date=None, recorded_status=BatchStatus.ONGOING),
    ]
    BatchFactory(start_date=cutoff, end_date=None)
    BatchFactory(start_date=cutoff - timedelta(days=900), end_date=None, recorded_status=BatchStatus.COMPLETED)
    BatchFactory(start_date=cutoff - timedelta(days=900), end_date=cutoff)
    BatchFactory(start_date=cutoff - timedelta(days=900), end_date=None, recorded_status=BatchStatus.PLANNED)
    BatchFactory(start_date=None, end_date=None)
    assert counts(editor_client)[PROGRAMME[5]] == len(stale)
    assert set(Batch.objects.still_open_long_after_start()) == set(stale)
    assert all(batch.status_on(today) == BatchStatus.ONGOING for batch in stale)


def test_reports_waiting_for_the_supervisor_and_overdue(editor_client):
    today = timezone.localdate()
    AttachmentReportFactory.create_batch(2, submitted=True)
    AttachmentReportFactory(due_on=today - timedelta(days=1))
    AttachmentReportFactory(returned=True, due_on=today - timedelta(days=5))
    AttachmentReportFactory(due_on=today)
    AttachmentReportFactory(signed_off=True, due_on=today - timedelta(days=5))
    shown = counts(editor_client)
    assert shown[PROGRAMME[6]] == 2
    assert shown[PROGRAMME[7]] == 2


def test_nominations_submitted_and_not_yet_decided(editor_client):
    NominationFactory(submitted=True)
    NominationFactory(submitted=True, state=NominationState.SHORTLISTED)
    for state in (NominationState.DRAFT, NominationState.SELECTED, NominationState.WITHDRAWN):
        NominationFactory(submitted=True, state=state)
    assert counts(editor_client)[PROGRAMME[8]] == 2


# --- The page's queries


def many_waiting(rows: int) -> None:
    """`rows` records of each kind of work waiting, sharing their parents."""
    today = timezone.localdate()
    joined = timezone.now() - timedelta(days=60)
    organisation = OrganisationFactory()
    soon = BatchFactory(start_date=years_before(today, 1), end_date=today + timedelta(days=20))
    ended = BatchFactory(track=soon.track, start_date=years_before(today, 2), end_date=today - timedelta(days=20))
    storyteller = OfficerFactory(home_organisation=organisation)
    call = CallForNominationsFactory()
    focal_point = FocalPointFactory()
    for n in range(rows):
        officer = OfficerFactory(home_organisation=organisation, user=UserFactory(date_joined=joined))
        placement = PlacementFactory(officer=officer, batch=soon, outcome=PlacementOutcome.ACTIVE)
        PlacementFactory(officer=officer, batch=ended, outcome=PlacementOutcome.ACTIVE)
        AttachmentReportFactory(placement=placement, due_on=today - timedelta(days=1), submitted=n % 2 == 0)
        GraduateStoryFactory(officer=storyteller, state=StoryState.IN_REVIEW, published_on=None)
        CareerMilestoneFactory(officer=storyteller, organisation=organisation, source=MilestoneSource.OFFICER)
        NominationFactory(
            call=call,
            focal_point=focal_point,
            submitted=True,
            cv="nomination-documents/cv.pdf",
            letter="nomination-documents/letter.pdf",
        )
        BatchFactory(track=soon.track, start_date=years_before(today, 3), end_date=None)
    OfficerFactory(home_organisation=organisation, user=None)


SESSION_AND_USER = 2  # the session, the signed-in user
PERMISSIONS = 2  # the user's own permissions, their groups' permissions
ROLES_READ = 1  # the names of the user's groups (none for a superuser, whose dashboard is the editors')
RECENT_ACTIONS = 1  # the user's last ten changes, beside the list of models
# Career updates; placements ending and ended; officers never invited and invitations expired;
# batches long ongoing; reports waiting and overdue; nominations waiting.
PROGRAMME_QUERIES = 1 + 1 + 1 + 1 + 1 + 1
STORY_QUERIES = 1  # stories in review and drafts unapproved, counted together
EXPECTED_QUERIES = {
    "editor_client": SESSION_AND_USER + PERMISSIONS + ROLES_READ + PROGRAMME_QUERIES,
    # No invitation cards: one query fewer.
    "viewer_client": SESSION_AND_USER + PERMISSIONS + ROLES_READ + PROGRAMME_QUERIES - 1,
    "communications_client": SESSION_AND_USER + PERMISSIONS + ROLES_READ + STORY_QUERIES,
    # A superuser has every permission without reading any.
    "superuser_client": SESSION_AND_USER + PROGRAMME_QUERIES,
}


CARDS_SHOWN = {"editor_client": 9, "viewer_client": 7, "communications_client": 1, "superuser_client": 9}


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_the_home_page_query_count_does_not_grow(request, django_assert_num_queries, rows):
    many_waiting(rows)
    for client_fixture, dashboard_queries in EXPECTED_QUERIES.items():
        client = request.getfixturevalue(client_fixture)
        with django_assert_num_queries(dashboard_queries + RECENT_ACTIONS):
            response = client.get(reverse("admin:index"))
        assert len(response.context["dashboard"]) == CARDS_SHOWN[client_fixture], client_fixture


# --- Sign-in records


@pytest.mark.parametrize("client_fixture", ["editor_client", "viewer_client", "communications_client"])
def test_sign_in_records_are_not_listed_for_staff(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    response = client.get(reverse("admin:index"))
    assert "axes" not in [app["app_label"] for app in response.context["app_list"]]
    assert "Access attempts" not in text_of(response)


def test_sign_in_records_stay_listed_and_open_for_superusers(superuser_client):
    response = superuser_client.get(reverse("admin:index"))
    assert "axes" in [app["app_label"] for app in response.context["app_list"]]
    assert superuser_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200

"""A supervisor's pages at /supervise/: what waits for them first, their current and past officers with
each one's objectives and reports, objectives agreed or returned with a comment, reports signed off or
returned with comments; drafts stay the officer's; and query counts that do not grow with the records."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from batches.tests.factories import BatchFactory, DivisionFactory
from officers.models import ObjectivesState, PlacementObjectives, PlacementOutcome, ReportKind, ReportState
from officers.services.report_schedule import schedule_reports
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    PlacementObjectivesFactory,
    SupervisedPlacementFactory,
    SupervisorFactory,
)
from officers.tests.factories import OrganisationFactory, UserFactory
from officers.tests.nomination_factories import FocalPointFactory
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.html_audit import audit
from tests.reading import text_of

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session, the signed-in user
SUPERVISOR = 1  # the supervisor linked to the login


@pytest.fixture
def supervisor():
    return SupervisorFactory(full_name="Dr Mya Supervisor")


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    return signed_in_client(supervisor.user)


@pytest.fixture
def placement(supervisor):
    return SupervisedPlacementFactory(supervised_by=supervisor, officer__full_name="Souksavanh Phommachanh")


def stored(record):
    return type(record).objects.get(pk=record.pk)


# --- The list


def test_what_waits_comes_first_then_current_then_past_officers(supervisor, supervisor_client, placement):
    PlacementObjectivesFactory(placement=placement, proposed=True)
    submitted = AttachmentReportFactory(placement=placement, submitted=True)
    past = SupervisedPlacementFactory(
        supervised_by=supervisor, officer__full_name="Bounmy Graduate", outcome=PlacementOutcome.COMPLETED
    )
    SupervisedPlacementFactory(officer__full_name="Someone Else's Officer")

    response = supervisor_client.get("/supervise/")
    page = text_of(response)
    assert page.index("Waiting for you") < page.index("Current officers") < page.index("Past officers")
    waiting = page[page.index("Waiting for you") : page.index("Current officers")]
    assert "Objectives of Souksavanh Phommachanh, to agree or return with a comment" in waiting
    assert "Mid-term report of Souksavanh Phommachanh, submitted on" in waiting
    assert page.index("Bounmy Graduate") > page.index("Past officers")
    assert "Someone Else" not in page
    html = response.content.decode()
    assert f'href="/supervise/reports/{submitted.pk}/"' in html
    assert f'href="/supervise/placements/{past.pk}/"' in html


def test_opening_the_list_schedules_the_reports_of_current_placements(supervisor_client, placement):
    response = supervisor_client.get("/supervise/")
    assert sorted(placement.reports.values_list("kind", flat=True)) == [ReportKind.FINAL, ReportKind.MID_TERM]
    final = placement.reports.get(kind=ReportKind.FINAL)
    assert f"Final report of Souksavanh Phommachanh Due Deadline: {final.due_on:%-d %B %Y}" in text_of(response)
    assert "Nothing waits for you" in text_of(response)


def test_a_supervisor_with_no_officers_yet_is_told_how_they_appear(supervisor_client):
    page = text_of(supervisor_client.get("/supervise/"))
    assert "No officer is placed with you at the moment" in page
    assert "Past officers" not in page


# --- Objectives


def test_proposed_objectives_are_agreed(supervisor_client, placement, django_capture_on_commit_callbacks):
    objectives = PlacementObjectivesFactory(placement=placement, proposed=True)
    url = f"/supervise/placements/{placement.pk}/"
    page = text_of(supervisor_client.get(url))
    assert "Proposed by the officer" in page and objectives.text.splitlines()[0] in page
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(
            f"{url}objectives/agree/", {"comment": "", "seen_version": objectives.version}
        )
    assert (response.status_code, response["Location"]) == (302, url)
    assert stored(objectives).state == ObjectivesState.AGREED
    assert [message.to for message in mail.outbox] == [[placement.officer.email]]
    assert "The objectives are agreed." in text_of(supervisor_client.get(url))


def test_objectives_are_returned_only_with_a_comment(supervisor_client, placement):
    objectives = PlacementObjectivesFactory(placement=placement, proposed=True)
    url = f"/supervise/placements/{placement.pk}/objectives/return/"
    response = supervisor_client.post(url, {"comment": " ", "seen_version": objectives.version})
    assert response.status_code == 200
    assert "returning the objectives needs a comment" in text_of(response)
    assert stored(objectives).state == ObjectivesState.PROPOSED

    supervisor_client.post(url, {"comment": "One objective a line, please.", "seen_version": objectives.version})
    assert (stored(objectives).state, stored(objectives).supervisor_comment) == (
        ObjectivesState.RETURNED,
        "One objective a line, please.",
    )
    page = text_of(supervisor_client.get(f"/supervise/placements/{placement.pk}/"))
    assert "Your comment One objective a line, please." in page


def test_agreeing_a_text_changed_since_it_was_read_is_refused(supervisor_client, placement):
    objectives = PlacementObjectivesFactory(placement=placement, proposed=True)
    read = objectives.version
    objectives.text = "Changed in the meantime."
    objectives.save()
    response = supervisor_client.post(
        f"/supervise/placements/{placement.pk}/objectives/agree/", {"seen_version": read}
    )
    assert "Someone else saved this record" in text_of(response)
    assert stored(objectives).state == ObjectivesState.PROPOSED


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_objectives_the_officer_is_writing_are_not_shown(supervisor_client, placement, state):
    PlacementObjectivesFactory(placement=placement, state=state, text="A half-written private draft.")
    response = supervisor_client.get(f"/supervise/placements/{placement.pk}/")
    assert "A half-written private draft." not in response.content.decode()
    assert 'name="comment"' not in response.content.decode()


# --- Reports


def test_a_submitted_report_is_signed_off(supervisor, supervisor_client, placement):
    report = AttachmentReportFactory(placement=placement, submitted=True)
    url = f"/supervise/reports/{report.pk}/"
    page = text_of(supervisor_client.get(url))
    assert f"Work done {report.work_done}" in page and f"Suggestions for the programme {report.suggestions}" in page
    response = supervisor_client.post(
        f"{url}sign-off/", {"comment": "A clear report.", "seen_version": report.version}
    )
    assert (response.status_code, response["Location"]) == (302, url)
    signed = stored(report)
    assert (signed.state, signed.signed_off_by, signed.supervisor_comment) == (
        ReportState.SIGNED_OFF,
        supervisor,
        "A clear report.",
    )
    after = supervisor_client.get(url)
    assert "Signed off: it can no longer be changed." in text_of(after)
    assert 'name="comment"' not in after.content.decode()


def test_a_report_is_returned_only_with_comments(supervisor_client, placement):
    report = AttachmentReportFactory(placement=placement, submitted=True)
    url = f"/supervise/reports/{report.pk}/return/"
    response = supervisor_client.post(url, {"comment": "", "seen_version": report.version})
    assert "returning a report needs your comments" in text_of(response)
    supervisor_client.post(url, {"comment": "Name the meetings.", "seen_version": report.version})
    assert (stored(report).state, stored(report).supervisor_comment) == (ReportState.RETURNED, "Name the meetings.")


def test_a_signed_off_report_cannot_be_signed_off_or_returned_again(supervisor_client, placement):
    report = AttachmentReportFactory(placement=placement, signed_off=True)
    for action in ("sign-off", "return"):
        response = supervisor_client.post(
            f"/supervise/reports/{report.pk}/{action}/", {"comment": "Again.", "seen_version": report.version}
        )
        assert "This report is already signed off." in text_of(response)
    assert stored(report).supervisor_comment == ""


@pytest.mark.parametrize("state", ["due", "returned"])
def test_a_report_the_officer_is_writing_is_not_shown(supervisor_client, placement, state):
    report = AttachmentReportFactory(placement=placement, state=state, work_done="A private draft of work done.")
    response = supervisor_client.get(f"/supervise/reports/{report.pk}/")
    assert "A private draft of work done." not in response.content.decode()
    assert 'name="comment"' not in response.content.decode()


def test_the_review_forms_carry_their_csrf_token(supervisor, placement):
    """A browser's post is checked for the token (the test client skips the check unless told)."""
    PlacementObjectivesFactory(placement=placement, proposed=True)
    report = AttachmentReportFactory(placement=placement, submitted=True)
    client = signed_in_client(supervisor.user, enforce_csrf_checks=True)
    for page, action in (
        (f"/supervise/placements/{placement.pk}/", "objectives/agree/"),
        (f"/supervise/reports/{report.pk}/", "sign-off/"),
    ):
        html = client.get(page).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        seen = re.search(r'name="seen_version" value="(\d+)"', html).group(1)
        response = client.post(page + action, {"csrfmiddlewaretoken": token, "seen_version": seen})
        assert response.status_code == 302, page
    assert stored(report).state == ReportState.SIGNED_OFF
    assert PlacementObjectives.objects.get(placement=placement).state == ObjectivesState.AGREED


# --- Who gets in


@pytest.mark.parametrize("who", ["officer", "editor", "focal point", "plain login"])
def test_other_logins_are_told_what_the_pages_are_for(request, who, officer_a, editor):
    user = {
        "officer": lambda: officer_a.user,
        "editor": lambda: editor,
        "focal point": lambda: FocalPointFactory().user,
        "plain login": lambda: UserFactory(),
    }[who]()
    response = signed_in_client(user).get("/supervise/")
    assert response.status_code == 403
    assert "This page is for supervisors" in text_of(response)
    assert ('href="/admin/"' in response.content.decode()) is (who == "editor")
    assert "no-store" in response["Cache-Control"]


def test_a_supervisor_lands_on_their_officers_after_signing_in(supervisor_client):
    response = supervisor_client.get("/my/")
    assert (response.status_code, response["Location"]) == (302, "/supervise/")


def test_every_page_is_never_cached_and_runs_no_inline_script_or_style(supervisor_client, placement):
    PlacementObjectivesFactory(placement=placement, proposed=True)
    AttachmentReportFactory(placement=placement, submitted=True)
    schedule_reports(placements=[placement])
    urls = ["/supervise/", f"/supervise/placements/{placement.pk}/"]
    urls += [f"/supervise/reports/{report.pk}/" for report in placement.reports.all()]
    for url in urls:
        response = supervisor_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
        assert audit(response.content.decode()) == ([], []), url


# --- Query counts


def supervise_many(supervisor, records: int):
    """`records` placements for the supervisor in one batch and division: current ones with proposed
    objectives and a submitted mid-term report, and as many past ones; their reports scheduled, as the
    first visit leaves them. Returns a current one."""
    today = timezone.localdate()
    shared = {"batch": BatchFactory(), "division": DivisionFactory(), "supervised_by": supervisor}
    officer = {"officer__user": None, "officer__home_organisation": OrganisationFactory()}
    for _ in range(records // 2 or 1):
        past = {"start_date": today - timedelta(days=400), "end_date": today - timedelta(days=200)}
        SupervisedPlacementFactory(**shared, **officer, **past, outcome=PlacementOutcome.COMPLETED)
        placement = SupervisedPlacementFactory(**shared, **officer)
        PlacementObjectivesFactory(placement=placement, proposed=True)
        AttachmentReportFactory(placement=placement, submitted=True)
    schedule_reports(placements=supervisor.placements.all())
    return placement


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_list_query_count_does_not_grow(supervisor, supervisor_client, django_assert_num_queries, records):
    supervise_many(supervisor, records)
    # the placements with officers, batches, tracks, divisions and objectives; the reports they have
    # (scheduling finds nothing to add); their reports
    with django_assert_num_queries(SESSION_AND_USER + SUPERVISOR + 3):
        response = supervisor_client.get("/supervise/")
    assert len(response.context["current"]) == len(response.context["past"]) == records // 2 or 1
    assert len(response.context["waiting"]) == records // 2 or 1


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_placement_page_query_count_does_not_grow(
    supervisor, supervisor_client, django_assert_num_queries, records
):
    placement = supervise_many(supervisor, records)
    # the placement with its officer, batch, track, division and objectives; the reports it has
    # (scheduling finds nothing to add); its reports
    with django_assert_num_queries(SESSION_AND_USER + SUPERVISOR + 3):
        assert supervisor_client.get(f"/supervise/placements/{placement.pk}/").status_code == 200


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_report_page_query_count_does_not_grow(supervisor, supervisor_client, django_assert_num_queries, records):
    report = supervise_many(supervisor, records).reports.get(kind=ReportKind.MID_TERM)
    # the report with its placement, officer, batch, track, division and who signed it off
    with django_assert_num_queries(SESSION_AND_USER + SUPERVISOR + 1):
        assert supervisor_client.get(f"/supervise/reports/{report.pk}/").status_code == 200

"""An officer's own objectives and reports under /my/: drafted, proposed or submitted, returned with
comments and done again, agreed or signed off; read-only whenever they are not the officer's to write;
and query counts that do not grow with the records."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from officers.models import (
    AttachmentReport,
    ObjectivesState,
    PlacementObjectives,
    ReportKind,
    ReportState,
)
from officers.models.attachment import REPORT_SECTIONS
from officers.services.report_schedule import schedule_reports
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    PlacementObjectivesFactory,
    SupervisedPlacementFactory,
)
from officers.tests.factories import CareerMilestoneFactory
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.html_audit import audit
from tests.reading import text_of

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session, the signed-in user
OFFICER = 1  # the officer linked to the login, with their home organisation


@pytest.fixture
def placement():
    return SupervisedPlacementFactory(
        officer__full_name="Souksavanh Phommachanh", supervised_by__full_name="Dr Mya Supervisor"
    )


@pytest.fixture
def officer_client(placement) -> Client:
    return signed_in_client(placement.officer.user)


def report_data(report: AttachmentReport, action: str, **sections) -> dict:
    data = {name: getattr(report, name) for name in REPORT_SECTIONS}
    data.update(sections, opened_version=report.version, **{action: "1"})
    return data


def stored(record):
    return type(record).objects.get(pk=record.pk)


# --- The reports list


def test_the_reports_list_schedules_and_shows_each_report_with_its_due_date(placement, officer_client):
    response = officer_client.get("/my/reports/")
    assert response.status_code == 200
    mid_term = placement.reports.get(kind=ReportKind.MID_TERM)
    final = placement.reports.get(kind=ReportKind.FINAL)
    page = text_of(response)
    assert f"Mid-term report Due {placement.batch.track.short_name}: {placement.batch.label}" in page
    assert f"Deadline: {final.due_on:%-d %B %Y}" in page
    html = response.content.decode()
    assert f'href="/my/reports/{mid_term.pk}/"' in html and f'href="/my/reports/{final.pk}/"' in html
    assert f'datetime="{mid_term.due_on.isoformat()}"' in html


def test_a_report_past_its_due_date_says_it_is_overdue(placement, officer_client):
    today = timezone.localdate()
    placement.start_date, placement.end_date = today - timedelta(days=200), today - timedelta(days=10)
    placement.save()
    page = text_of(officer_client.get("/my/reports/"))
    assert page.count("Overdue") == 2
    report = placement.reports.get(kind=ReportKind.FINAL)
    assert "It was due on" in text_of(officer_client.get(f"/my/reports/{report.pk}/"))


def test_an_officer_with_no_dated_placement_is_told_when_reports_appear(officer_a):
    response = signed_in_client(officer_a.user).get("/my/reports/")
    assert "Your reports appear here once the Secretariat records your placement's start and end dates" in text_of(
        response
    )
    assert AttachmentReport.objects.count() == 0


# --- One report


def test_a_report_is_saved_as_a_draft_then_submitted_to_the_supervisor(
    placement, officer_client, django_capture_on_commit_callbacks
):
    report = AttachmentReportFactory(placement=placement, work_done="")
    url = f"/my/reports/{report.pk}/"
    page = text_of(officer_client.get(url))
    assert "Write it, save drafts as you go, and submit it to your supervisor by" in page

    response = officer_client.post(url, report_data(report, "save", work_done="Drafted three briefs."))
    assert (response.status_code, response["Location"]) == (302, url)
    assert (stored(report).work_done, stored(report).state) == ("Drafted three briefs.", ReportState.DUE)
    assert "Your draft is saved." in text_of(officer_client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url, report_data(stored(report), "submit", learned="Consensus takes time."))
    assert (stored(report).state, stored(report).learned) == (ReportState.SUBMITTED, "Consensus takes time.")
    assert [message.to for message in mail.outbox] == [[placement.supervised_by.email]]


def test_a_submitted_report_is_read_only_and_a_post_changes_nothing(placement, officer_client):
    report = AttachmentReportFactory(placement=placement, submitted=True)
    url = f"/my/reports/{report.pk}/"
    response = officer_client.get(url)
    assert "<form" not in response.content.decode().split("<main", 1)[1]
    assert "Waiting for your supervisor to sign it off" in text_of(response)
    assert report.work_done in text_of(response)

    response = officer_client.post(url, report_data(report, "save", work_done="Changed after submitting."))
    assert response.status_code == 302
    assert stored(report).work_done == report.work_done
    assert "This report cannot be changed now" in text_of(officer_client.get(url))


def test_a_returned_report_shows_the_comments_and_is_submitted_again(placement, officer_client):
    report = AttachmentReportFactory(placement=placement, returned=True)
    url = f"/my/reports/{report.pk}/"
    page = text_of(officer_client.get(url))
    assert "Your supervisor's comments Say more about the meetings you serviced." in page
    officer_client.post(url, report_data(report, "submit", meetings_serviced="The CCTF on 3 and 17 March."))
    assert stored(report).state == ReportState.SUBMITTED
    assert stored(report).history.latest().history_change_reason == "Submitted again by the officer"


def test_a_signed_off_report_is_read_only_for_good(placement, officer_client):
    report = AttachmentReportFactory(placement=placement, signed_off=True, supervisor_comment="Excellent work.")
    url = f"/my/reports/{report.pk}/"
    page = text_of(officer_client.get(url))
    assert "Signed off by your supervisor: it can no longer be changed." in page
    assert "Excellent work." in page
    assert f"Signed off {timezone.localtime(report.signed_off_at):%-d %B %Y} · Dr Mya Supervisor" in page
    officer_client.post(url, report_data(report, "submit", work_done="Rewritten after the sign-off."))
    assert stored(report).work_done == report.work_done


def test_an_empty_report_is_not_submitted_and_says_why(placement, officer_client):
    report = AttachmentReportFactory(placement=placement, **dict.fromkeys(REPORT_SECTIONS, ""))
    response = officer_client.post(f"/my/reports/{report.pk}/", report_data(report, "submit"))
    assert response.status_code == 200
    assert "Your report is not saved yet" in text_of(response)
    assert "every section is empty" in text_of(response)
    assert stored(report).state == ReportState.DUE


def test_a_draft_saved_over_a_newer_version_is_refused_with_a_message(placement, officer_client):
    report = AttachmentReportFactory(placement=placement)
    data = report_data(report, "save", work_done="From the first tab.")
    officer_client.post(f"/my/reports/{report.pk}/", report_data(report, "save", work_done="From the second tab."))
    response = officer_client.post(f"/my/reports/{report.pk}/", data)
    assert "Someone else saved this record while you were editing it" in text_of(response)
    assert stored(report).work_done == "From the second tab."


# --- Objectives


def test_objectives_are_drafted_and_proposed(placement, officer_client, django_capture_on_commit_callbacks):
    url = f"/my/placements/{placement.pk}/objectives/"
    assert "Write the objectives of your attachment" in text_of(officer_client.get(url))
    officer_client.post(url, {"text": "Learn how the AEC Council meets.", "save": "1"})
    objectives = PlacementObjectives.objects.get(placement=placement)
    assert objectives.state == ObjectivesState.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            url, {"text": "Learn how the AEC Council meets.", "opened_version": objectives.version, "propose": "1"}
        )
    assert (response.status_code, response["Location"]) == (302, url)
    assert stored(objectives).state == ObjectivesState.PROPOSED
    assert mail.outbox[0].to == [placement.supervised_by.email]
    page = officer_client.get(url)
    assert "Your supervisor agrees them, or returns them with a comment" in text_of(page)
    assert 'name="text"' not in page.content.decode()


def test_returned_objectives_show_the_comment_and_are_proposed_again(placement, officer_client):
    objectives = PlacementObjectivesFactory(placement=placement, returned=True)
    url = f"/my/placements/{placement.pk}/objectives/"
    assert "Your supervisor's comment Add a measurable objective." in text_of(officer_client.get(url))
    officer_client.post(
        url, {"text": "Draft two sets of minutes.", "opened_version": objectives.version, "propose": "1"}
    )
    assert (stored(objectives).state, stored(objectives).text) == (
        ObjectivesState.PROPOSED,
        "Draft two sets of minutes.",
    )


def test_empty_objectives_are_refused_beside_the_field(placement, officer_client):
    response = officer_client.post(f"/my/placements/{placement.pk}/objectives/", {"text": "  ", "propose": "1"})
    assert response.status_code == 200
    assert "Your objectives: This field is required." in text_of(response)
    assert not PlacementObjectives.objects.exists()


def test_agreed_objectives_are_shown_on_my_page_and_cannot_change(placement, officer_client):
    objectives = PlacementObjectivesFactory(placement=placement, agreed=True)
    page = text_of(officer_client.get("/my/"))
    assert "Agreed Read your objectives" in page
    assert "Learn how the AEC Council prepares its meetings." in page
    response = officer_client.post(f"/my/placements/{placement.pk}/objectives/", {"text": "New.", "save": "1"})
    assert response.status_code == 302
    assert stored(objectives).text == objectives.text


def test_the_placement_page_links_to_objectives_and_reports(placement, officer_client):
    html = officer_client.get("/my/").content.decode()
    assert f'href="/my/placements/{placement.pk}/objectives/"' in html
    assert 'href="/my/reports/"' in html
    assert "Dr Mya Supervisor" in html


def test_a_finished_placement_offers_no_objectives_to_write(officer_a):
    client = signed_in_client(officer_a.user)
    placement = officer_a.placements.get()
    assert f"/my/placements/{placement.pk}/objectives/" not in client.get("/my/").content.decode()
    response = client.get(f"/my/placements/{placement.pk}/objectives/")
    assert "No objectives were recorded in the portal for this placement." in text_of(response)
    assert 'name="text"' not in response.content.decode()


# --- Every page


def officer_pages(placement) -> list[str]:
    schedule_reports(placements=[placement])
    return [
        "/my/reports/",
        *(f"/my/reports/{report.pk}/" for report in placement.reports.all()),
        f"/my/placements/{placement.pk}/objectives/",
    ]


def test_the_pages_are_never_cached_and_run_no_inline_script_or_style(placement, officer_client):
    AttachmentReportFactory(placement=placement, kind=ReportKind.OTHER, signed_off=True)
    for url in officer_pages(placement):
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
        assert audit(response.content.decode()) == ([], []), url
        assert not re.search(r"\son[a-z]+=", response.content.decode()), url


def test_the_list_answers_only_reads(officer_client):
    assert officer_client.post("/my/reports/").status_code == 405


# --- Query counts


def many_records(placement, records: int) -> None:
    """`records` colleagues in the officer's batch, each with their own reports, and as many career steps."""
    for _ in range(records):
        colleague = SupervisedPlacementFactory(batch=placement.batch, supervised_by=placement.supervised_by)
        AttachmentReportFactory(placement=colleague)
    CareerMilestoneFactory.create_batch(records, officer=placement.officer)
    schedule_reports(placements=[placement])


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_reports_list_query_count_does_not_grow(placement, officer_client, django_assert_num_queries, records):
    many_records(placement, records)
    # the officer's placements; the reports they have (scheduling finds nothing to add); the reports
    # with their batches and tracks
    with django_assert_num_queries(SESSION_AND_USER + OFFICER + 3):
        response = officer_client.get("/my/reports/")
    assert len(response.context["reports"]) == 2


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_report_page_query_count_does_not_grow(placement, officer_client, django_assert_num_queries, records):
    many_records(placement, records)
    report = placement.reports.get(kind=ReportKind.MID_TERM)
    # the report with its placement, batch, track, supervisor and who signed it off
    with django_assert_num_queries(SESSION_AND_USER + OFFICER + 1):
        assert officer_client.get(f"/my/reports/{report.pk}/").status_code == 200


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_objectives_page_query_count_does_not_grow(placement, officer_client, django_assert_num_queries, records):
    many_records(placement, records)
    PlacementObjectivesFactory(placement=placement, returned=True)
    # the placement with its batch, track, division, supervisor and objectives
    with django_assert_num_queries(SESSION_AND_USER + OFFICER + 1):
        assert officer_client.get(f"/my/placements/{placement.pk}/objectives/").status_code == 200

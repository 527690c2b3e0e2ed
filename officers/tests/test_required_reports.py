"""The further reports the Secretariat requires of a track: given to each placement of the track under
way, due at their share of it and moved with its dates while not submitted; shown under their titles to
the officer and the supervisor, submitted and signed off like the others; kept by editors in the admin,
read by viewers, hidden from Communications; and scheduled in a number of queries that does not grow."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import AttachmentReport, PlacementOutcome, ReportKind, ReportState, RequiredReport
from officers.services.attachment import sign_off_report, submit_report
from officers.services.report_schedule import schedule_reports
from officers.tests.admin_reading import has_save_button, heading, object_tools
from officers.tests.attachment_factories import RequiredReportFactory, SupervisedPlacementFactory, SupervisorFactory
from tests.clients import signed_in_client
from tests.reading import text_of

pytestmark = pytest.mark.django_db

SUMMIT = "Report on the ASEAN Summit"
SESSION_AND_USER = 2  # the session, the signed-in user
OFFICER = 1  # the officer linked to the login, with their home organisation


@pytest.fixture
def placement():
    """A placement under way from 6 January to 5 July 2030: 180 days."""
    return SupervisedPlacementFactory(
        officer__full_name="Souksavanh Phommachanh",
        officer__email="souksavanh@example.la",
        supervised_by__full_name="Dr Mya Supervisor",
        supervised_by__email="mya@asean.example.org",
        start_date=date(2030, 1, 6),
        end_date=date(2030, 7, 5),
    )


@pytest.fixture
def summit(placement):
    """The placement's track requires a report on the Summit a quarter of the way through."""
    return RequiredReportFactory(track=placement.batch.track, title=SUMMIT, due_at_percent=25)


def required_report(placement) -> AttachmentReport:
    return placement.reports.get(kind=ReportKind.OTHER)


def stored(record):
    return type(record).objects.get(pk=record.pk)


def messages_of(response) -> list[str]:
    return [strip_tags(str(message)) for message in response.context["messages"]]


# --- Scheduling


def test_a_tracks_required_report_is_scheduled_at_its_share_of_the_placement(placement, summit):
    assert schedule_reports(placements=[placement]) == 3
    report = required_report(placement)
    # 25% of 180 days: 45 days after the start.
    assert (report.requirement, report.due_on, report.state) == (summit, date(2030, 2, 20), ReportState.DUE)
    assert report.title == SUMMIT
    assert report.history.get().history_change_reason == "Scheduled from the placement's dates"
    assert schedule_reports(placements=[placement]) == 0
    assert placement.reports.count() == 3


def test_a_report_due_at_100_falls_on_the_last_day_and_at_50_with_the_mid_term(placement):
    last_day = RequiredReportFactory(track=placement.batch.track, due_at_percent=100)
    half_way = RequiredReportFactory(track=placement.batch.track, due_at_percent=50)
    schedule_reports(placements=[placement])
    due = {report.requirement or report.kind: report.due_on for report in placement.reports.all()}
    assert due[last_day] == due[ReportKind.FINAL] == date(2030, 7, 5)
    assert due[half_way] == due[ReportKind.MID_TERM] == date(2030, 4, 6)


def test_a_requirement_added_later_reaches_placements_that_already_have_their_reports(placement):
    schedule_reports(placements=[placement])
    assert placement.reports.count() == 2
    RequiredReportFactory(track=placement.batch.track, title=SUMMIT, due_at_percent=25)
    assert schedule_reports(placements=[placement]) == 1
    assert required_report(placement).due_on == date(2030, 2, 20)


def test_the_report_moves_with_the_placements_dates_until_it_is_submitted(placement, summit):
    schedule_reports(placements=[placement])
    placement.start_date, placement.end_date = date(2030, 2, 5), date(2030, 8, 4)
    placement.save()
    assert schedule_reports(placements=[placement]) == 0
    report = required_report(placement)
    assert report.due_on == date(2030, 3, 22)
    assert report.history.latest().history_change_reason == "Due date follows the placement's dates"

    submit_report(report=report, officer=placement.officer, fields={"work_done": "Serviced the Summit."})
    placement.end_date = date(2030, 12, 31)
    placement.save()
    schedule_reports(placements=[placement])
    assert stored(report).due_on == date(2030, 3, 22)


def test_the_report_moves_when_the_secretariat_changes_when_it_falls_due(placement, summit):
    schedule_reports(placements=[placement])
    summit.due_at_percent = 50
    summit.save()
    schedule_reports(placements=[placement])
    assert required_report(placement).due_on == date(2030, 4, 6)


def test_another_tracks_placements_do_not_owe_it(placement, summit):
    other = SupervisedPlacementFactory(batch=BatchFactory(track=ProgrammeTrackFactory()))
    assert schedule_reports(placements=[placement, other]) == 3 + 2
    assert not other.reports.filter(kind=ReportKind.OTHER).exists()
    assert required_report(placement).requirement == summit


def test_every_batch_of_the_track_owes_it(placement, summit):
    later_batch = BatchFactory(track=placement.batch.track)
    later = SupervisedPlacementFactory(batch=later_batch)
    schedule_reports(placements=[placement, later])
    assert required_report(later).requirement == summit
    assert AttachmentReport.objects.filter(requirement=summit).count() == 2


@pytest.mark.parametrize("outcome", [PlacementOutcome.COMPLETED, PlacementOutcome.WITHDRAWN])
def test_a_completed_or_withdrawn_placement_does_not_owe_it(summit, placement, outcome):
    over = SupervisedPlacementFactory(batch=placement.batch, outcome=outcome)
    assert schedule_reports(placements=[over]) == 0
    assert not over.reports.exists()


def test_a_placement_without_dates_does_not_owe_it(summit, placement):
    undated = SupervisedPlacementFactory(batch=placement.batch, end_date=None)
    assert schedule_reports(placements=[undated]) == 0
    assert not undated.reports.exists()


def test_a_requirement_with_reports_cannot_be_deleted_from_under_them(placement, summit, editor_client):
    schedule_reports(placements=[placement])
    response = editor_client.post(url_of("delete", summit.pk), {"post": "yes"})
    assert heading(response) == "Cannot delete required report"
    assert "attachment report" in text_of(response)
    assert RequiredReport.objects.filter(pk=summit.pk).exists()


# --- On the officer's and the supervisor's pages


def test_the_officer_sees_it_under_its_title(placement, summit):
    client = signed_in_client(placement.officer.user)
    page = text_of(client.get("/my/reports/"))
    assert f"{SUMMIT} Due" in page
    report = required_report(placement)
    assert "Deadline: 20 February 2030" in page
    response = client.get(f"/my/reports/{report.pk}/")
    assert response.status_code == 200
    assert f"<h1>{SUMMIT}</h1>" in response.content.decode()


def test_the_supervisor_sees_it_under_its_title(placement, summit):
    client = signed_in_client(placement.supervised_by.user)
    assert SUMMIT in text_of(client.get("/supervise/"))
    assert SUMMIT in text_of(client.get(f"/supervise/placements/{placement.pk}/"))
    report = required_report(placement)
    submit_report(report=report, officer=placement.officer, fields={"work_done": "Serviced the Summit."})
    response = client.get(f"/supervise/reports/{report.pk}/")
    assert f"{SUMMIT} of Souksavanh Phommachanh" in text_of(response)


def test_it_is_submitted_and_signed_off_like_the_others(placement, summit, django_capture_on_commit_callbacks):
    schedule_reports(placements=[placement])
    report = required_report(placement)
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=report, officer=placement.officer, fields={"work_done": "Serviced the Summit."})
    assert stored(report).state == ReportState.SUBMITTED
    assert mail.outbox[-1].subject == f"{SUMMIT} to review: Souksavanh Phommachanh"
    assert f"has submitted their {SUMMIT}." in " ".join(mail.outbox[-1].body.split())

    supervisor_client = signed_in_client(placement.supervised_by.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(
            f"/supervise/reports/{report.pk}/sign-off/", {"comment": "", "seen_version": stored(report).version}
        )
    assert response.status_code == 302
    assert (stored(report).state, stored(report).signed_off_by) == (ReportState.SIGNED_OFF, placement.supervised_by)
    assert mail.outbox[-1].subject == f"{SUMMIT}: signed off"
    assert mail.outbox[-1].to == ["souksavanh@example.la"]


def test_a_sign_off_by_the_service_reads_the_same(placement, summit):
    schedule_reports(placements=[placement])
    report = submit_report(
        report=required_report(placement), officer=placement.officer, fields={"learned": "How a summit runs."}
    )
    signed = sign_off_report(report=report, supervisor=placement.supervised_by, comment="Well done.")
    assert signed.state == ReportState.SIGNED_OFF
    assert str(signed) == f"{SUMMIT}: {placement}"


# --- In the admin


def url_of(page: str, *args) -> str:
    return reverse(f"admin:officers_requiredreport_{page}", args=args)


def test_an_editor_adds_one_for_a_track(editor_client, admin_form_data, placement):
    track = placement.batch.track
    form = editor_client.get(url_of("add"))
    assert "50 is half-way through the placement, 100 its last day." in text_of(form)
    data = admin_form_data(form) | {"track": track.pk, "title": SUMMIT, "due_at_percent": "25", "_save": "1"}
    response = editor_client.post(url_of("add"), data, follow=True)
    assert response.status_code == 200
    required = RequiredReport.objects.get(track=track)
    assert (required.title, required.due_at_percent) == (SUMMIT, 25)
    listing = text_of(editor_client.get(url_of("changelist")))
    assert f"{SUMMIT} {track.short_name} 25% through the placement" in listing


def test_a_share_outside_the_placement_is_refused(editor_client, admin_form_data, placement):
    form = editor_client.get(url_of("add"))
    for share in ("0", "101"):
        data = admin_form_data(form) | {"track": placement.batch.track.pk, "title": SUMMIT, "due_at_percent": share}
        assert editor_client.post(url_of("add"), data).status_code == 200
    assert not RequiredReport.objects.exists()


def test_a_duplicate_title_on_a_track_is_refused_with_a_message(editor_client, admin_form_data, summit):
    form = editor_client.get(url_of("add"))
    data = admin_form_data(form) | {"track": summit.track.pk, "title": SUMMIT.upper(), "due_at_percent": "80"}
    response = editor_client.post(url_of("add"), data)
    assert response.status_code == 200
    assert "This track already requires a report with this title." in text_of(response)
    assert RequiredReport.objects.count() == 1
    # Another track may require a report of the same title.
    data["track"] = ProgrammeTrackFactory().pk
    assert editor_client.post(url_of("add"), data).status_code == 302
    assert RequiredReport.objects.count() == 2


def test_the_list_filters_by_track(editor_client, summit):
    other = RequiredReportFactory(title="Report on the study visit to Japan")
    listing = editor_client.get(url_of("changelist"), {"track": summit.track.slug})
    assert [row.pk for row in listing.context["cl"].result_list] == [summit.pk]
    assert other.title not in text_of(listing)


def test_a_viewer_reads_them_and_changes_nothing(viewer_client, summit, admin_form_data, editor_client):
    listing = viewer_client.get(url_of("changelist"))
    assert heading(listing) == "Select required report to view"
    assert "Add required report" not in object_tools(listing)
    assert viewer_client.get(url_of("add")).status_code == 403
    page = viewer_client.get(url_of("change", summit.pk))
    assert page.status_code == 200 and not has_save_button(page)
    data = admin_form_data(editor_client.get(url_of("change", summit.pk))) | {"title": "Renamed"}
    assert viewer_client.post(url_of("change", summit.pk), data).status_code == 403
    assert viewer_client.post(url_of("delete", summit.pk), {"post": "yes"}).status_code == 403
    assert stored(summit).title == SUMMIT


def test_communications_sees_nothing_of_them(communications_client, summit):
    for page in (url_of("changelist"), url_of("add"), url_of("change", summit.pk), url_of("history", summit.pk)):
        assert communications_client.get(page).status_code == 403, page
    assert url_of("changelist") not in communications_client.get(reverse("admin:index")).content.decode()


# --- Query counts


def placements_with_requirements(count: int) -> list:
    """`count` placements under way in two tracks, each track requiring two further reports."""
    today = timezone.localdate()
    tracks = [ProgrammeTrackFactory(), ProgrammeTrackFactory()]
    for track in tracks:
        RequiredReportFactory.create_batch(2, track=track)
    batches = [BatchFactory(track=track) for track in tracks for _ in range(2)]
    return [
        SupervisedPlacementFactory(
            batch=batches[n % len(batches)],
            officer__user=None,
            supervised_by=None,
            start_date=today - timedelta(days=30),
            end_date=today + timedelta(days=150 + n),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [3, 30])
def test_scheduling_reads_the_same_queries_however_many_placements(django_assert_num_queries, count):
    placements = placements_with_requirements(count)
    assert schedule_reports(placements=placements) == 4 * count
    # Once every report exists: the placements' reports, with their requirements and how many each
    # track requires.
    with django_assert_num_queries(1):
        assert schedule_reports(placements=placements) == 0
    # A requirement added since: the reports as above; then the requirements of every track involved;
    # then for each new report a savepoint, its insert, its history row and the release.
    RequiredReportFactory(track=placements[0].batch.track)
    missing = sum(1 for placement in placements if placement.batch.track == placements[0].batch.track)
    with django_assert_num_queries(2 + 4 * missing):
        assert schedule_reports(placements=placements) == missing


@pytest.mark.parametrize("count", [3, 30])
def test_the_officers_reports_list_query_count_does_not_grow(placement, django_assert_num_queries, count):
    for n in range(count):
        RequiredReportFactory(track=placement.batch.track, due_at_percent=1 + n % 100)
    schedule_reports(placements=[placement])
    client = signed_in_client(placement.officer.user)
    # the officer's placements; the reports they have (scheduling finds nothing to add); the reports
    # with their batches and tracks; the requirements they answer
    with django_assert_num_queries(SESSION_AND_USER + OFFICER + 4):
        response = client.get("/my/reports/")
    assert len(response.context["reports"]) == 2 + count
    assert text_of(response).count("Report on the ASEAN Summit") == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_supervisors_list_query_count_does_not_grow(django_assert_num_queries, count):
    supervisor = SupervisorFactory()
    placements = placements_with_requirements(count)
    for placement in placements:
        placement.supervised_by = supervisor
        placement.save()
    schedule_reports(placements=placements)
    client = signed_in_client(supervisor.user)
    # the supervisor; the placements with officers, batches, tracks, divisions and objectives; the
    # reports they have (scheduling finds nothing to add); their reports; the requirements those answer
    with django_assert_num_queries(SESSION_AND_USER + 1 + 4):
        response = client.get("/supervise/")
    assert text_of(response).count("Report on the ASEAN Summit") == 2 * count

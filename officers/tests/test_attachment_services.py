"""The attachment year's services: reports scheduled from the placement's dates, every move of the
objectives and reports (allowed and refused), who may make each, the history that keeps every version,
and the mail that leaves only once a move commits."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.versioning import StaleRecordError
from officers.models import (
    AttachmentReport,
    ObjectivesState,
    PlacementObjectives,
    PlacementOutcome,
    ReportKind,
    ReportState,
)
from officers.models.attachment import REPORT_SECTIONS, report_due_dates
from officers.services.attachment import (
    AttachmentError,
    agree_objectives,
    propose_objectives,
    return_objectives,
    return_report,
    save_objectives,
    save_report,
    sign_off_report,
    submit_report,
)
from officers.services.report_schedule import schedule_reports
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    PlacementObjectivesFactory,
    SupervisedPlacementFactory,
    SupervisorFactory,
)
from officers.tests.factories import OfficerFactory, PlacementFactory

pytestmark = pytest.mark.django_db

S = ReportState
O = ObjectivesState  # noqa: E741  (the objectives' states, as S is the reports')


@pytest.fixture
def placement():
    return SupervisedPlacementFactory(
        officer__full_name="Souksavanh Phommachanh",
        officer__email="souksavanh@example.la",
        supervised_by__full_name="Dr Mya Supervisor",
        supervised_by__email="mya@asean.example.org",
        start_date=date(2030, 1, 6),
        end_date=date(2030, 7, 5),
    )


def stored(record):
    return type(record).objects.get(pk=record.pk)


# --- Scheduling


def test_due_dates_fall_at_the_middle_and_on_the_last_day():
    assert report_due_dates(date(2030, 1, 6), date(2030, 7, 5)) == {
        ReportKind.MID_TERM: date(2030, 4, 6),
        ReportKind.FINAL: date(2030, 7, 5),
    }


def test_scheduling_creates_the_mid_term_and_final_report_once(placement, django_assert_num_queries):
    assert schedule_reports(placements=[placement]) == 2
    reports = {report.kind: report for report in placement.reports.all()}
    assert {kind: (r.due_on, r.state) for kind, r in reports.items()} == {
        ReportKind.MID_TERM: (date(2030, 4, 6), S.DUE),
        ReportKind.FINAL: (date(2030, 7, 5), S.DUE),
    }
    assert reports[ReportKind.FINAL].history.get().history_change_reason == "Scheduled from the placement's dates"
    # Once they exist, scheduling again reads the existing reports and writes nothing.
    with django_assert_num_queries(1):
        assert schedule_reports(placements=[placement]) == 0
    assert placement.reports.count() == 2


def test_placements_that_ended_or_have_no_dates_get_no_reports(placement):
    finished = SupervisedPlacementFactory(outcome=PlacementOutcome.COMPLETED)
    withdrawn = SupervisedPlacementFactory(outcome=PlacementOutcome.WITHDRAWN)
    undated = SupervisedPlacementFactory(start_date=None)
    historical = PlacementFactory()
    assert schedule_reports(placements=[finished, withdrawn, undated, historical]) == 0
    assert AttachmentReport.objects.count() == 0


def test_a_report_not_yet_submitted_follows_the_placements_corrected_dates(placement):
    schedule_reports(placements=[placement])
    final = placement.reports.get(kind=ReportKind.FINAL)
    mid_term = placement.reports.get(kind=ReportKind.MID_TERM)
    submit_report(report=mid_term, officer=placement.officer, fields={"work_done": "Briefs."})

    placement.end_date = date(2030, 8, 31)
    placement.save()
    assert schedule_reports(placements=[placement]) == 0

    assert stored(final).due_on == date(2030, 8, 31)
    assert stored(final).history.latest().history_change_reason == "Due date follows the placement's dates"
    # A submitted report keeps the date it was submitted against.
    assert stored(mid_term).due_on == date(2030, 4, 6)


def test_overdue_reports_are_those_still_the_officers_after_their_due_date(placement):
    today = date(2030, 5, 1)
    late = AttachmentReportFactory(placement=placement, kind=ReportKind.MID_TERM)
    AttachmentReportFactory(placement=placement, kind=ReportKind.FINAL)
    returned_late = AttachmentReportFactory(returned=True, due_on=date(2030, 4, 30))
    AttachmentReportFactory(submitted=True, due_on=date(2030, 4, 1))
    assert set(AttachmentReport.objects.overdue(today)) == {late, returned_late}
    assert late.is_overdue(today) and not stored(late).is_overdue(date(2030, 4, 6))


# --- Objectives


def test_objectives_are_drafted_proposed_returned_proposed_again_and_agreed(
    placement, django_capture_on_commit_callbacks
):
    officer, supervisor = placement.officer, placement.supervised_by
    draft = save_objectives(placement=placement, officer=officer, text="  Learn the AEC Council's work.  ")
    assert (draft.state, draft.text) == (O.DRAFT, "Learn the AEC Council's work.")

    with django_capture_on_commit_callbacks(execute=True):
        propose_objectives(placement=placement, officer=officer, text="Learn the AEC Council's work.")
    assert stored(draft).state == O.PROPOSED
    [proposed_mail] = mail.outbox
    assert proposed_mail.to == ["mya@asean.example.org"]
    assert "Souksavanh Phommachanh" in proposed_mail.subject
    assert f"/supervise/placements/{placement.pk}/" in proposed_mail.body

    with django_capture_on_commit_callbacks(execute=True):
        return_objectives(placement=placement, supervisor=supervisor, comment="Add a measurable objective.")
    assert (stored(draft).state, stored(draft).supervisor_comment) == (O.RETURNED, "Add a measurable objective.")
    assert mail.outbox[-1].to == ["souksavanh@example.la"]
    assert "Add a measurable objective." in mail.outbox[-1].body

    save_objectives(placement=placement, officer=officer, text="Learn the work.\nDraft two sets of minutes.")
    assert stored(draft).state == O.RETURNED
    propose_objectives(placement=placement, officer=officer, text="Learn the work.\nDraft two sets of minutes.")
    with django_capture_on_commit_callbacks(execute=True):
        agreed = agree_objectives(placement=placement, supervisor=supervisor)
    assert (agreed.state, agreed.agreed_at is not None) == (O.AGREED, True)
    assert mail.outbox[-1].subject == "Your objectives are agreed"
    assert f"/my/placements/{placement.pk}/objectives/" in mail.outbox[-1].body


def test_agreed_objectives_can_no_longer_be_changed(placement):
    agreed = PlacementObjectivesFactory(placement=placement, agreed=True)
    for move in (save_objectives, propose_objectives):
        with pytest.raises(AttachmentError, match="agreed with your supervisor and can no longer be changed"):
            move(placement=placement, officer=placement.officer, text="Something else.")
    with pytest.raises(AttachmentError, match="already agreed"):
        agree_objectives(placement=placement, supervisor=placement.supervised_by)
    assert stored(agreed).text == agreed.text


def test_proposed_objectives_wait_for_the_supervisor(placement):
    PlacementObjectivesFactory(placement=placement, proposed=True)
    with pytest.raises(AttachmentError, match="with your supervisor"):
        save_objectives(placement=placement, officer=placement.officer, text="Changed while proposed.")


@pytest.mark.parametrize("move", [agree_objectives, return_objectives])
def test_the_supervisor_cannot_agree_or_return_objectives_not_proposed(placement, move):
    PlacementObjectivesFactory(placement=placement)
    with pytest.raises(AttachmentError, match="has not proposed objectives"):
        move(placement=placement, supervisor=placement.supervised_by, comment="Too early.")


def test_objectives_cannot_be_empty_or_returned_without_a_comment(placement):
    with pytest.raises(ValidationError):
        save_objectives(placement=placement, officer=placement.officer, text="   ")
    PlacementObjectivesFactory(placement=placement, proposed=True)
    with pytest.raises(AttachmentError, match="needs a comment"):
        return_objectives(placement=placement, supervisor=placement.supervised_by, comment="  ")
    assert PlacementObjectives.objects.get().state == O.PROPOSED


def test_only_the_placements_officer_writes_its_objectives(placement):
    other = SupervisedPlacementFactory().officer
    with pytest.raises(AttachmentError, match="another officer's"):
        save_objectives(placement=placement, officer=other, text="Someone else's objectives.")
    assert not PlacementObjectives.objects.exists()


def test_only_the_placements_supervisor_agrees_its_objectives(placement, django_capture_on_commit_callbacks):
    PlacementObjectivesFactory(placement=placement, proposed=True)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AttachmentError, match="supervisor"):
        agree_objectives(placement=placement, supervisor=SupervisorFactory())
    assert PlacementObjectives.objects.get().state == O.PROPOSED
    assert mail.outbox == []


def test_objectives_of_a_placement_without_a_supervisor_are_drafted_not_proposed():
    placement = SupervisedPlacementFactory(supervised_by=None)
    save_objectives(placement=placement, officer=placement.officer, text="A draft.")
    with pytest.raises(AttachmentError, match="No supervisor is linked"):
        propose_objectives(placement=placement, officer=placement.officer, text="A draft.")
    assert PlacementObjectives.objects.get().state == O.DRAFT


def test_objectives_of_a_finished_placement_are_not_written():
    placement = SupervisedPlacementFactory(outcome=PlacementOutcome.COMPLETED)
    with pytest.raises(AttachmentError, match="placement is over"):
        save_objectives(placement=placement, officer=placement.officer, text="Too late.")


def test_agreeing_a_text_changed_since_the_supervisor_read_it_is_refused(placement):
    objectives = PlacementObjectivesFactory(placement=placement, proposed=True)
    read = objectives.version
    return_objectives(placement=placement, supervisor=placement.supervised_by, comment="Shorter, please.")
    propose_objectives(placement=placement, officer=placement.officer, text="A new text.", opened_version=read + 1)
    with pytest.raises(StaleRecordError):
        agree_objectives(placement=placement, supervisor=placement.supervised_by, seen_version=read)
    assert stored(objectives).state == O.PROPOSED


# --- Reports


@pytest.fixture
def report(placement):
    return AttachmentReportFactory(placement=placement, work_done="", learned="")


def test_a_report_is_drafted_submitted_returned_resubmitted_and_signed_off(report, django_capture_on_commit_callbacks):
    officer, supervisor = report.placement.officer, report.placement.supervised_by
    save_report(report=report, officer=officer, fields={"work_done": "Briefs.", "state": "signed_off"})
    assert (stored(report).work_done, stored(report).state) == ("Briefs.", S.DUE)

    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=report, officer=officer, fields={"learned": "Negotiation."})
    assert (stored(report).state, stored(report).learned) == (S.SUBMITTED, "Negotiation.")
    assert mail.outbox[-1].to == ["mya@asean.example.org"]
    assert f"/supervise/reports/{report.pk}/" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=report, supervisor=supervisor, comment="Name the meetings.")
    assert (stored(report).state, stored(report).supervisor_comment) == (S.RETURNED, "Name the meetings.")
    assert mail.outbox[-1].to == ["souksavanh@example.la"]
    assert "Name the meetings." in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=report, officer=officer, fields={"meetings_serviced": "The CCTF, twice."})
    assert "submitted it again" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        sign_off_report(report=report, supervisor=supervisor, comment="Well done.")
    signed = stored(report)
    assert (signed.state, signed.signed_off_by, signed.supervisor_comment) == (S.SIGNED_OFF, supervisor, "Well done.")
    assert signed.signed_off_at is not None
    assert mail.outbox[-1].subject == "Mid-term report: signed off"
    assert len(mail.outbox) == 4


def test_the_history_keeps_every_version_with_its_author(report):
    officer, supervisor = report.placement.officer, report.placement.supervised_by
    save_report(report=report, officer=officer, fields={"work_done": "First draft."})
    submit_report(report=report, officer=officer, fields={"work_done": "Submitted text."})
    return_report(report=report, supervisor=supervisor, comment="More, please.")
    save_report(report=report, officer=officer, fields={"work_done": "Revised draft."})
    submit_report(report=report, officer=officer, fields={"work_done": "Resubmitted text."})
    sign_off_report(report=report, supervisor=supervisor)

    versions = list(report.history.order_by("history_id"))[1:]  # after the factory's own save
    assert [(v.work_done, v.state, v.history_user) for v in versions] == [
        ("First draft.", S.DUE, officer.user),
        ("Submitted text.", S.SUBMITTED, officer.user),
        ("Submitted text.", S.RETURNED, supervisor.user),
        ("Revised draft.", S.RETURNED, officer.user),
        ("Resubmitted text.", S.SUBMITTED, officer.user),
        ("Resubmitted text.", S.SIGNED_OFF, supervisor.user),
    ]
    assert [v.history_change_reason for v in versions] == [
        "Draft saved by the officer",
        "Submitted",
        "Returned by the supervisor",
        "Draft saved by the officer",
        "Submitted again by the officer",
        "Signed off by the supervisor",
    ]


def test_a_report_is_read_only_once_submitted_until_it_is_returned(report):
    submit_report(report=report, officer=report.placement.officer, fields={"work_done": "Done."})
    for move in (save_report, submit_report):
        with pytest.raises(AttachmentError, match="with your supervisor"):
            move(report=report, officer=report.placement.officer, fields={"work_done": "Changed."})
    assert stored(report).work_done == "Done."


def test_a_report_edited_after_sign_off_is_refused(placement):
    report = AttachmentReportFactory(placement=placement, signed_off=True)
    for move in (save_report, submit_report):
        with pytest.raises(AttachmentError, match="signed off and can no longer be changed"):
            move(report=report, officer=placement.officer, fields={"work_done": "Rewritten."})
    with pytest.raises(AttachmentError, match="already signed off"):
        sign_off_report(report=report, supervisor=placement.supervised_by)
    assert stored(report).work_done == report.work_done


def test_a_sign_off_by_someone_who_is_not_the_supervisor_is_refused(placement, django_capture_on_commit_callbacks):
    report = AttachmentReportFactory(placement=placement, submitted=True)
    another = SupervisedPlacementFactory().supervised_by
    with django_capture_on_commit_callbacks(execute=True):
        for move in (sign_off_report, return_report):
            with pytest.raises(AttachmentError, match="Only this placement's supervisor"):
                move(report=report, supervisor=another, comment="Not mine to judge.")
    assert stored(report).state == S.SUBMITTED
    assert mail.outbox == []


def test_the_supervisor_cannot_return_or_sign_off_a_report_not_submitted(report):
    for move in (sign_off_report, return_report):
        with pytest.raises(AttachmentError, match="not submitted"):
            move(report=report, supervisor=report.placement.supervised_by, comment="Early.")


def test_only_the_placements_officer_writes_its_report(report):
    other = OfficerFactory()
    with pytest.raises(AttachmentError, match="another officer's"):
        save_report(report=report, officer=other, fields={"work_done": "Not mine."})
    assert stored(report).work_done == ""


def test_an_empty_report_or_one_without_a_supervisor_is_not_submitted(placement):
    empty = AttachmentReportFactory(placement=placement, **dict.fromkeys(REPORT_SECTIONS, ""))
    with pytest.raises(AttachmentError, match="every section is empty"):
        submit_report(report=empty, officer=placement.officer)
    unsupervised = AttachmentReportFactory(placement__supervised_by=None)
    with pytest.raises(AttachmentError, match="No supervisor is linked"):
        submit_report(report=unsupervised, officer=unsupervised.placement.officer)
    assert {stored(empty).state, stored(unsupervised).state} == {S.DUE}


def test_returning_a_report_needs_comments(placement):
    report = AttachmentReportFactory(placement=placement, submitted=True)
    with pytest.raises(AttachmentError, match="needs your comments"):
        return_report(report=report, supervisor=placement.supervised_by, comment="\n ")
    assert stored(report).state == S.SUBMITTED


def test_a_draft_saved_over_a_newer_version_is_refused(report):
    opened = report.version
    save_report(report=report, officer=report.placement.officer, fields={"work_done": "In one tab."})
    with pytest.raises(StaleRecordError):
        save_report(
            report=report, officer=report.placement.officer, fields={"work_done": "In another."}, opened_version=opened
        )
    assert stored(report).work_done == "In one tab."


def test_mail_leaves_only_once_the_move_commits(placement, django_capture_on_commit_callbacks):
    report = AttachmentReportFactory(placement=placement)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_report(report=report, officer=placement.officer)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["mya@asean.example.org"]]


def test_an_officer_without_an_address_is_not_mailed_and_the_move_stands():
    placement = SupervisedPlacementFactory(officer__email="", officer__user=None)
    report = AttachmentReportFactory(placement=placement, submitted=True)
    sign_off_report(report=report, supervisor=placement.supervised_by)
    assert stored(report).state == S.SIGNED_OFF
    assert mail.outbox == []


def test_the_due_dates_of_the_factories_follow_the_placement():
    report = AttachmentReportFactory(kind=ReportKind.FINAL)
    assert report.due_on == report.placement.end_date
    assert report.placement.end_date - report.placement.start_date == timedelta(days=180)

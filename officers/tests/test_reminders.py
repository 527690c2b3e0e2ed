"""`send_reminders`: each reminder goes once, when it is due, and never again however often the
scheduler runs it: reports due within a week and overdue (to the officer), objectives not agreed three
weeks into a placement (to the officer and the supervisor), reports waiting a week for their supervisor,
and once a year, to graduates, "anything new in your career?"."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from officers.models import (
    AttachmentReport,
    ObjectivesState,
    PlacementObjectives,
    PlacementOutcome,
    ReminderKind,
    ReportKind,
    ReportState,
    SentReminder,
    Supervisor,
)
from officers.services.reminders import Reminder, _send_once, send_reminders
from officers.tests.attachment_factories import RequiredReportFactory
from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = date(2027, 3, 10)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the reminders as the scheduler does, each mail leaving once its record is committed (a
    test's transaction never commits on its own); returns how many went, by kind."""

    def run(now: datetime = NOW) -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return dict(send_reminders(now=now))

    return run


def placement(**values):
    """A placement under way, with no dates of its own unless given: a placement with both dates is
    given its mid-term and final reports by the run, which tests of those reports ask for."""
    return PlacementFactory(**{"outcome": PlacementOutcome.ACTIVE, **values})


def report(*, due_on: date, state: str = ReportState.DUE, kind: str = ReportKind.OTHER, **values) -> AttachmentReport:
    """A report due on the given day: by default a further report the track requires, so that a
    placement may have several."""
    on = values.pop("placement", None) or placement()
    if kind == ReportKind.OTHER:
        values.setdefault("requirement", RequiredReportFactory(track=on.batch.track))
    return AttachmentReport.objects.create(placement=on, kind=kind, due_on=due_on, state=state, **values)


def supervisor(name: str = "Dr Siti Supervisor") -> Supervisor:
    return Supervisor.objects.create(full_name=name, email=f"{name.split()[-1].lower()}@asean.example.org")


def reminded(kind: str) -> list[tuple[str, str]]:
    return sorted(SentReminder.objects.filter(kind=kind).values_list("subject", "recipient"))


def test_a_report_due_within_a_week_is_reminded_once(send):
    due = report(due_on=TODAY + timedelta(days=7), kind=ReportKind.MID_TERM)
    officer = due.placement.officer

    assert send() == {ReminderKind.REPORT_DUE_SOON: 1}

    (sent,) = mail.outbox
    assert sent.to == [officer.email]
    assert sent.subject == "Mid-term report due on 17 March 2027"
    assert "Your mid-term report is due on 17 March 2027, in 7 days." in sent.body
    assert "http://127.0.0.1:8000/my/" in sent.body
    assert reminded(ReminderKind.REPORT_DUE_SOON) == [(f"report {due.pk} due 2027-03-17", officer.email)]

    assert send() == {}
    assert send(NOW + timedelta(days=3)) == {}
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1


def test_no_reminder_for_a_report_due_later_submitted_signed_off_or_of_a_withdrawn_placement(send):
    report(due_on=TODAY + timedelta(days=8))
    report(due_on=TODAY + timedelta(days=2), state=ReportState.SUBMITTED)
    report(due_on=TODAY - timedelta(days=2), state=ReportState.SIGNED_OFF)
    report(due_on=TODAY - timedelta(days=2), placement=placement(outcome=PlacementOutcome.WITHDRAWN))
    report(due_on=TODAY - timedelta(days=2), placement=PlacementFactory(outcome=PlacementOutcome.COMPLETED))
    assert send() == {}
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_a_report_is_reminded_before_it_is_due_and_once_more_when_overdue(send):
    due = report(due_on=TODAY, kind=ReportKind.FINAL)
    assert send(NOW - timedelta(days=5)) == {ReminderKind.REPORT_DUE_SOON: 1}
    assert send(NOW) == {}  # due today, not yet overdue: reminded already
    assert send(NOW + timedelta(days=1)) == {ReminderKind.REPORT_OVERDUE: 1}
    assert send(NOW + timedelta(days=9)) == {}

    assert [message.subject for message in mail.outbox] == [
        "Final report due on 10 March 2027",
        "Final report overdue",
    ]
    assert "was due on 10 March 2027" in mail.outbox[1].body
    assert reminded(ReminderKind.REPORT_OVERDUE) == [(f"report {due.pk} due 2027-03-10", due.placement.officer.email)]


def test_a_report_returned_after_its_due_date_is_overdue(send):
    report(due_on=TODAY - timedelta(days=1), state=ReportState.RETURNED)
    assert send() == {ReminderKind.REPORT_OVERDUE: 1}


def test_a_report_whose_due_date_moves_is_reminded_of_the_new_date(send):
    due = report(due_on=TODAY + timedelta(days=3))
    send()
    AttachmentReport.objects.filter(pk=due.pk).update(due_on=TODAY + timedelta(days=6))
    assert send() == {ReminderKind.REPORT_DUE_SOON: 1}
    assert len(mail.outbox) == 2


def test_objectives_not_agreed_three_weeks_in_are_reminded_to_officer_and_supervisor_once(send):
    siti = supervisor()
    late = placement(start_date=TODAY - timedelta(weeks=3), supervised_by=siti)
    proposed = placement(start_date=TODAY - timedelta(weeks=5))
    PlacementObjectives.objects.create(placement=proposed, text="To learn", state=ObjectivesState.PROPOSED)
    agreed = placement(start_date=TODAY - timedelta(weeks=5), supervised_by=siti)
    PlacementObjectives.objects.create(placement=agreed, text="To learn", state=ObjectivesState.AGREED)
    placement(start_date=TODAY - timedelta(days=20), supervised_by=siti)
    placement(start_date=TODAY - timedelta(weeks=30), end_date=TODAY - timedelta(days=1), supervised_by=siti)

    assert send()[ReminderKind.OBJECTIVES_NOT_AGREED] == 3

    assert reminded(ReminderKind.OBJECTIVES_NOT_AGREED) == sorted(
        [
            (f"placement {late.pk}", late.officer.email),
            (f"placement {late.pk}", "supervisor@asean.example.org"),
            (f"placement {proposed.pk}", proposed.officer.email),
        ]
    )
    to_supervisor = next(m for m in mail.outbox if m.to == ["supervisor@asean.example.org"])
    assert to_supervisor.subject == f"Objectives of {late.officer.full_name} not agreed yet"
    assert "http://127.0.0.1:8000/supervise/" in to_supervisor.body
    to_officer = next(m for m in mail.outbox if m.to == [late.officer.email])
    assert to_officer.subject == "Your placement objectives are not agreed yet"

    sent_before, recorded_before = len(mail.outbox), SentReminder.objects.count()
    assert send().get(ReminderKind.OBJECTIVES_NOT_AGREED) is None
    assert (len(mail.outbox), SentReminder.objects.count()) == (sent_before, recorded_before)


def test_a_supervisor_hears_once_of_each_report_waiting_a_week(send):
    siti, other = supervisor(), supervisor("Mr Other Person")
    theirs = [placement(supervised_by=siti) for _ in range(3)]

    def submitted(on_placement, days_ago: int, state=ReportState.SUBMITTED) -> AttachmentReport:
        return report(
            due_on=TODAY, placement=on_placement, state=state, submitted_at=NOW - timedelta(days=days_ago, hours=1)
        )

    week_old, older = submitted(theirs[0], 7), submitted(theirs[1], 12)
    recent = submitted(theirs[2], 6)
    submitted(placement(supervised_by=siti), 20, state=ReportState.SIGNED_OFF)
    submitted(placement(supervised_by=other), 2)

    assert send() == {ReminderKind.SUPERVISOR_WAITING: 1}
    (sent,) = mail.outbox
    assert sent.to == ["supervisor@asean.example.org"]
    assert sent.subject == "2 reports have waited a week for you"
    assert f"{older.placement.officer.full_name}: {older.title}, submitted on 26 February 2027" in sent.body
    assert week_old.placement.officer.full_name in sent.body
    assert recent.placement.officer.full_name not in sent.body

    assert send() == {}
    assert send(NOW + timedelta(days=1)) == {ReminderKind.SUPERVISOR_WAITING: 1}
    assert recent.placement.officer.full_name in mail.outbox[-1].body
    assert send(NOW + timedelta(days=2)) == {}
    assert len(mail.outbox) == 2
    assert [subject for subject, _to in reminded(ReminderKind.SUPERVISOR_WAITING)] == sorted(
        f"report {r.pk} submitted {timezone.localdate(r.submitted_at).isoformat()}" for r in (week_old, older, recent)
    )


def test_graduates_are_asked_once_a_year_what_is_new_in_their_career(officer_a, send):
    never_signed_in = PlacementFactory().officer
    deactivated = OfficerFactory(user=UserFactory(is_active=False))
    PlacementFactory(officer=deactivated)
    OfficerFactory(user=UserFactory())  # signed in, not graduated
    assert never_signed_in.user is None

    assert send() == {ReminderKind.CAREER_CHECK_IN: 1}
    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == ([officer_a.email], "Anything new in your career?")
    assert "http://127.0.0.1:8000/my/career/" in sent.body

    assert send(NOW + timedelta(days=200)) == {}
    assert send(datetime(2027, 12, 31, 23, 0, tzinfo=ZoneInfo("Asia/Jakarta"))) == {}
    assert send(datetime(2028, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Jakarta"))) == {ReminderKind.CAREER_CHECK_IN: 1}
    assert send(datetime(2028, 6, 1, tzinfo=ZoneInfo("Asia/Jakarta"))) == {}
    assert reminded(ReminderKind.CAREER_CHECK_IN) == [
        ("career 2027", officer_a.email),
        ("career 2028", officer_a.email),
    ]
    assert len(mail.outbox) == 2


def test_a_placements_reports_are_scheduled_by_the_run_itself(send):
    """An officer who has not opened their pages yet has no reports on record until the run creates them."""
    under_way = placement(start_date=TODAY - timedelta(days=30), end_date=TODAY + timedelta(days=5))
    assert not AttachmentReport.objects.exists()

    sent = send()

    mid_term, final = under_way.reports.order_by("due_on")
    assert (mid_term.due_on, final.due_on) == (TODAY - timedelta(days=13), TODAY + timedelta(days=5))
    assert sent == {
        ReminderKind.REPORT_OVERDUE: 1,
        ReminderKind.REPORT_DUE_SOON: 1,
        ReminderKind.OBJECTIVES_NOT_AGREED: 1,
    }


def test_the_mail_leaves_only_once_its_record_is_committed(django_capture_on_commit_callbacks):
    report(due_on=TODAY + timedelta(days=1))
    with django_capture_on_commit_callbacks() as callbacks:
        assert send_reminders(now=NOW) == {ReminderKind.REPORT_DUE_SOON: 1}
        assert mail.outbox == []
    assert SentReminder.objects.count() == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_reminder_recorded_by_a_run_at_the_same_moment_is_not_sent_again(django_capture_on_commit_callbacks):
    """Two runs both find it due; the second to record it meets the first's record and sends nothing."""
    SentReminder.objects.create(kind=ReminderKind.CAREER_CHECK_IN, subject="career 2027", recipient="a@example.org")
    same = Reminder(ReminderKind.CAREER_CHECK_IN, "a@example.org", ["career 2027"], "career", {})
    with django_capture_on_commit_callbacks(execute=True):
        assert _send_once(same) == 0
    assert mail.outbox == []
    assert SentReminder.objects.count() == 1


def test_the_command_run_twice_sends_nothing_the_second_time(officer_a, django_capture_on_commit_callbacks):
    report(due_on=timezone.localdate() + timedelta(days=1))
    outputs = []
    for _run in range(2):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
        outputs.append(out.getvalue())
    assert outputs[0].splitlines()[0] == "Reminders sent: 2."
    assert "  Report due in 7 days: 1" in outputs[0] and "  Yearly: anything new in your career?: 1" in outputs[0]
    assert outputs[1].splitlines()[0] == "Reminders sent: 0."
    assert len(mail.outbox) == 2 and SentReminder.objects.count() == 2


def test_staff_read_the_reminders_sent_and_only_editors_see_to_whom(
    editor_client, viewer_client, communications_client
):
    SentReminder.objects.create(
        kind=ReminderKind.REPORT_OVERDUE, subject="report 12 due 2027-03-01", recipient="x@y.org"
    )
    url = reverse("admin:officers_sentreminder_changelist")
    as_editor = editor_client.get(url).content.decode()
    assert "report 12 due 2027-03-01" in as_editor and "x@y.org" in as_editor
    as_viewer = viewer_client.get(url, {"q": "x@y.org"})
    assert list(as_viewer.context["cl"].result_list) == []
    assert "x@y.org" not in viewer_client.get(url).content.decode()
    assert communications_client.get(url).status_code == 403
    record = SentReminder.objects.get()
    assert editor_client.get(reverse("admin:officers_sentreminder_add")).status_code == 403
    change = editor_client.get(reverse("admin:officers_sentreminder_change", args=[record.pk])).content.decode()
    assert 'name="_save"' not in change
    assert editor_client.post(reverse("admin:officers_sentreminder_delete", args=[record.pk])).status_code == 403

"""Reminders for the attachment year and after, sent by `manage.py send_reminders`.

Safe to run as often as a scheduler likes: each reminder is recorded in `SentReminder` (its kind,
what it is about, its recipient; the three together unique) in the transaction that sends it, and a
recorded reminder is never sent again, by a later run or by one running at the same moment. What a
reminder is "about" names the fact it reminds of, so a new fact earns a new reminder: a report whose
due date moves, or that is submitted again after being returned, is reminded of again; the yearly
career check-in is about its year.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.emails import normalise_email, portal_link
from officers.models import (
    AttachmentReport,
    ObjectivesState,
    Officer,
    Placement,
    PlacementOutcome,
    ReminderKind,
    ReportState,
    SentReminder,
    Supervisor,
)
from officers.models.attachment import EDITABLE_BY_OFFICER
from officers.services.mail_language import send_mail_in_language
from officers.services.report_schedule import schedule_reports

# How long before its due date an officer is reminded of a report.
DUE_SOON = timedelta(days=7)
# How far into a placement its objectives should be agreed.
OBJECTIVES_AGREED_WITHIN = timedelta(weeks=3)
# How long a submitted report may wait for its supervisor before they are reminded.
SUPERVISOR_WAIT = timedelta(days=7)


@dataclass
class Reminder:
    """One email to one recipient, about one or more facts (a supervisor's waiting reports go in one)."""

    kind: str
    recipient: str
    about: list[str]
    template: str
    context: dict = field(default_factory=dict)
    # The recipient's login, whose language the mail is written in; None for someone who cannot sign in.
    user: User | None = None


def send_reminders(*, now: datetime | None = None) -> Counter[str]:
    """Send every reminder due now and not sent before; returns how many were sent, by kind."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # A placement's reports are created from its dates when someone opens its pages; a scheduled run
    # creates them too, so an officer who has not signed in yet is still reminded of them.
    schedule_reports(placements=Placement.objects.filter(outcome=PlacementOutcome.ACTIVE))
    sent: Counter[str] = Counter()
    for candidates in (
        _reports_due_soon(today),
        _reports_overdue(today),
        _objectives_not_agreed(today),
        _reports_waiting_for_supervisors(now),
        _career_check_ins(today),
    ):
        for reminder in _not_sent_before(list(candidates)):
            sent[reminder.kind] += _send_once(reminder)
    return sent


def _not_sent_before(reminders: list[Reminder]) -> list[Reminder]:
    """The reminders whose facts were not all reminded of before, with only the new facts; one query."""
    if not reminders:
        return []
    recorded = set(
        SentReminder.objects.filter(
            kind__in={reminder.kind for reminder in reminders},
            subject__in={about for reminder in reminders for about in reminder.about},
        ).values_list("kind", "subject", "recipient")
    )
    fresh = []
    for reminder in reminders:
        reminder.about = [a for a in reminder.about if (reminder.kind, a, reminder.recipient) not in recorded]
        if reminder.about:
            fresh.append(reminder)
    return fresh


def _send_once(reminder: Reminder) -> int:
    """Record the reminder and send it after commit; 0 when a run at the same moment recorded it first."""
    context = {**reminder.context, "about": reminder.about}
    try:
        with transaction.atomic():
            # In bulk, which sends no save signals: a reminder changes nothing a public page shows,
            # so it must not empty the public page cache as every other save does.
            SentReminder.objects.bulk_create(
                SentReminder(kind=reminder.kind, subject=about, recipient=reminder.recipient)
                for about in reminder.about
            )
            send_mail_in_language(
                to=reminder.recipient, user=reminder.user, template=f"reminders/{reminder.template}", context=context
            )
    except IntegrityError:
        return 0
    return 1


def _officer_reminder(kind: str, about: str, officer: Officer, template: str, **context) -> Iterator[Reminder]:
    if officer.email:
        context = {"officer": officer, "my_url": portal_link("my:dashboard"), **context}
        yield Reminder(kind, normalise_email(officer.email), [about], template, context, user=officer.user)


def _report_key(report: AttachmentReport) -> str:
    return f"report {report.pk} due {report.due_on.isoformat()}"


def _officers_reports():
    """Reports the officer still has to write, in placements under way."""
    return AttachmentReport.objects.filter(placement__outcome=PlacementOutcome.ACTIVE).select_related(
        "placement__officer__user", "placement__batch__track"
    )


def _reports_due_soon(today: date) -> Iterator[Reminder]:
    reports = _officers_reports().filter(state__in=EDITABLE_BY_OFFICER, due_on__range=(today, today + DUE_SOON))
    for report in reports:
        officer = report.placement.officer
        days = (report.due_on - today).days
        yield from _officer_reminder(
            ReminderKind.REPORT_DUE_SOON, _report_key(report), officer, "report_due", report=report, days=days
        )


def _reports_overdue(today: date) -> Iterator[Reminder]:
    for report in _officers_reports().overdue(today):
        yield from _officer_reminder(
            ReminderKind.REPORT_OVERDUE, _report_key(report), report.placement.officer, "report_overdue", report=report
        )


def _objectives_not_agreed(today: date) -> Iterator[Reminder]:
    """Placements under way, begun three weeks ago or more, whose objectives are not agreed: to the
    officer and to the supervisor. Only placements with their own start date: historical placements
    carry only their batch's (often yearly) dates, and none of them is reminded of objectives."""
    placements = (
        Placement.objects.filter(outcome=PlacementOutcome.ACTIVE, start_date__lte=today - OBJECTIVES_AGREED_WITHIN)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(objectives_agreement__state=ObjectivesState.AGREED)
        .select_related("officer__user", "supervised_by__user", "batch__track")
    )
    kind, supervise_url = ReminderKind.OBJECTIVES_NOT_AGREED, portal_link("supervise:home")
    for placement in placements:
        about = f"placement {placement.pk}"
        yield from _officer_reminder(kind, about, placement.officer, "objectives_officer", placement=placement)
        supervisor = placement.supervised_by
        if supervisor is not None and supervisor.email:
            context = {"supervisor": supervisor, "placement": placement, "supervise_url": supervise_url}
            yield Reminder(
                kind,
                normalise_email(supervisor.email),
                [about],
                "objectives_supervisor",
                context,
                user=supervisor.user,
            )


def _reports_waiting_for_supervisors(now: datetime) -> Iterator[Reminder]:
    """One email to each supervisor listing the reports submitted to them a week ago or more."""
    reports = (
        AttachmentReport.objects.filter(
            state=ReportState.SUBMITTED,
            submitted_at__lte=now - SUPERVISOR_WAIT,
            placement__outcome=PlacementOutcome.ACTIVE,
            placement__supervised_by__isnull=False,
        )
        .select_related("placement__officer", "placement__supervised_by__user")
        .order_by("submitted_at", "pk")
    )
    waiting: dict[Supervisor, list[AttachmentReport]] = defaultdict(list)
    for report in reports:
        supervisor = report.placement.supervised_by
        if supervisor is not None and supervisor.email:
            waiting[supervisor].append(report)
    kind, supervise_url = ReminderKind.SUPERVISOR_WAITING, portal_link("supervise:home")
    for supervisor, their_reports in waiting.items():
        about = [f"report {r.pk} submitted {timezone.localdate(r.submitted_at).isoformat()}" for r in their_reports]
        context = {"supervisor": supervisor, "reports": their_reports, "supervise_url": supervise_url}
        yield Reminder(kind, normalise_email(supervisor.email), about, "supervisor", context, user=supervisor.user)


def _career_check_ins(today: date) -> Iterator[Reminder]:
    """Once a calendar year, every graduate who can sign in is asked what is new in their career."""
    graduates = (
        Officer.objects.graduates()
        .filter(user__is_active=True)
        .exclude(email="")
        .select_related("user")
        .order_by("pk")
    )
    career_url = portal_link("career:home")
    for officer in graduates:
        yield from _officer_reminder(
            ReminderKind.CAREER_CHECK_IN, f"career {today.year}", officer, "career", career_url=career_url
        )

"""The attachment year's moves: the officer drafts and proposes objectives and writes and submits
reports; the placement's supervisor agrees or returns the objectives and returns or signs off the reports.
Each move checks who acts (the placement's own officer or supervisor) and the move (`OBJECTIVES_MOVES`,
`REPORT_MOVES`), locks the row so two clicks cannot both move it, saves with its author in the history
(which so keeps every version), and mails the other party once the change commits. A refusal raises
`AttachmentError`, whose message says what to do, and writes nothing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import portal_link
from core.history import save_with_history
from officers.models import (
    AttachmentReport,
    ObjectivesState,
    Officer,
    Placement,
    PlacementObjectives,
    PlacementOutcome,
    ReportState,
    Supervisor,
)
from officers.models.attachment import OBJECTIVES_MOVES, REPORT_MOVES, REPORT_SECTIONS
from officers.services.mail_language import send_mail_in_language

# Scheduling is `officers.services.report_schedule`; the supervisor's pages import it from here.

# The officer writes their objectives while they may still propose them: a draft, or once returned.
OBJECTIVES_EDITABLE = frozenset(
    state for state, moves in OBJECTIVES_MOVES.items() if ObjectivesState.PROPOSED in moves
)


class AttachmentError(Exception):
    """The move cannot be made as things stand; the message says why and what to do."""


def objectives_editable(objectives: PlacementObjectives | None) -> bool:
    return objectives is None or objectives.state in OBJECTIVES_EDITABLE


# --- Who acts


def _refuse_unless_officer(placement: Placement, officer: Officer) -> None:
    if placement.officer_id != officer.pk:
        # The pages never offer another officer's placement: reaching here is a forged request.
        raise AttachmentError(_("This placement is another officer's: you can change only your own."))


def _refuse_unless_supervisor(placement: Placement, supervisor: Supervisor) -> None:
    if placement.supervised_by_id != supervisor.pk:
        raise AttachmentError(
            _("Only this placement's supervisor can do this. If it is you, ask the Secretariat to link you to it.")
        )


def _supervisor_to_tell(placement: Placement) -> Supervisor:
    """The supervisor the officer sends their objectives or report to; refused when none is linked."""
    if placement.supervised_by is None:
        raise AttachmentError(
            _("No supervisor is linked to your placement yet: save a draft, and ask the Secretariat to link yours.")
        )
    return placement.supervised_by


# --- Objectives


def _locked_placement(placement: Placement) -> Placement:
    """The placement re-read under a row lock: its objectives are created once and moved one at a time."""
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("officer__user", "supervised_by", "batch__track")
        .get(pk=placement.pk)
    )


def _objectives_of(placement: Placement) -> PlacementObjectives | None:
    return PlacementObjectives.objects.filter(placement=placement).first()


def _write_objectives(
    *, placement: Placement, officer: Officer, text: str, opened_version: int | None
) -> PlacementObjectives:
    """The officer's objectives with `text` set, checked and not yet saved."""
    _refuse_unless_officer(placement, officer)
    if placement.outcome != PlacementOutcome.ACTIVE:
        raise AttachmentError(_("This placement is over: its objectives can no longer be changed."))
    objectives = _objectives_of(placement) or PlacementObjectives(placement=placement)
    if objectives.state == ObjectivesState.AGREED:
        raise AttachmentError(
            _(
                "Your objectives are agreed with your supervisor and can no longer be changed. "
                "Write to the Secretariat if they must change."
            )
        )
    if not objectives_editable(objectives):
        raise AttachmentError(_("Your objectives are with your supervisor: they can change again if returned to you."))
    if objectives.pk:
        objectives.expected_version = opened_version
    objectives.text = text.strip()
    objectives.full_clean()
    return objectives


@transaction.atomic
def save_objectives(
    *, placement: Placement, officer: Officer, text: str, opened_version: int | None = None
) -> PlacementObjectives:
    """Save the officer's draft objectives (a first draft, a draft, or objectives returned to them).
    Raises ValidationError for an empty text, AttachmentError for the rest."""
    placement = _locked_placement(placement)
    objectives = _write_objectives(placement=placement, officer=officer, text=text, opened_version=opened_version)
    save_with_history(objectives, by=officer.user, reason=_("Draft saved by the officer"))
    return objectives


@transaction.atomic
def propose_objectives(
    *, placement: Placement, officer: Officer, text: str, opened_version: int | None = None
) -> PlacementObjectives:
    """Save the objectives and send them to the supervisor to agree."""
    placement = _locked_placement(placement)
    # Writable objectives are exactly those that may move to "proposed" (OBJECTIVES_EDITABLE).
    objectives = _write_objectives(placement=placement, officer=officer, text=text, opened_version=opened_version)
    supervisor = _supervisor_to_tell(placement)
    objectives.state = ObjectivesState.PROPOSED
    save_with_history(objectives, by=officer.user, reason=_("Proposed to the supervisor"))
    _mail_supervisor(placement, supervisor, "objectives_proposed", objectives=objectives)
    return objectives


def _objectives_to_review(
    placement: Placement, supervisor: Supervisor, seen_version: int | None, *, to: str
) -> PlacementObjectives:
    """The objectives the supervisor moves `to` agreed or returned, refused unless the move is allowed."""
    _refuse_unless_supervisor(placement, supervisor)
    objectives = _objectives_of(placement)
    if objectives is None or to not in OBJECTIVES_MOVES[objectives.state]:
        if objectives is not None and objectives.state == ObjectivesState.AGREED:
            raise AttachmentError(_("These objectives are already agreed."))
        raise AttachmentError(
            _("The officer has not proposed objectives for you to agree: they are still writing them.")
        )
    objectives.expected_version = seen_version
    return objectives


@transaction.atomic
def agree_objectives(
    *, placement: Placement, supervisor: Supervisor, comment: str = "", seen_version: int | None = None
) -> PlacementObjectives:
    """Agree the objectives the officer proposed, with an optional comment; `seen_version` refuses
    agreeing to a text changed since the supervisor read it."""
    placement = _locked_placement(placement)
    objectives = _objectives_to_review(placement, supervisor, seen_version, to=ObjectivesState.AGREED)
    objectives.state = ObjectivesState.AGREED
    # The comment of an earlier return stays in the history; this is the agreement's own.
    objectives.supervisor_comment = comment.strip()
    objectives.agreed_at = timezone.now()
    save_with_history(objectives, by=supervisor.user, reason=_("Agreed by the supervisor"))
    _mail_officer(placement, "objectives_agreed", objectives=objectives)
    return objectives


@transaction.atomic
def return_objectives(
    *, placement: Placement, supervisor: Supervisor, comment: str, seen_version: int | None = None
) -> PlacementObjectives:
    """Send the objectives back to the officer with a comment saying what to change."""
    comment = comment.strip()
    if not comment:
        raise AttachmentError(_("Say what the officer should change: returning the objectives needs a comment."))
    placement = _locked_placement(placement)
    objectives = _objectives_to_review(placement, supervisor, seen_version, to=ObjectivesState.RETURNED)
    objectives.state = ObjectivesState.RETURNED
    objectives.supervisor_comment = comment
    save_with_history(objectives, by=supervisor.user, reason=_("Returned by the supervisor"))
    _mail_officer(placement, "objectives_returned", objectives=objectives)
    return objectives


# --- Reports


def _locked_report(report: AttachmentReport) -> AttachmentReport:
    return (
        AttachmentReport.objects.select_for_update(of=("self",))
        .select_related("placement__officer__user", "placement__supervised_by", "placement__batch__track")
        .get(pk=report.pk)
    )


def _officer_refusal(report: AttachmentReport) -> AttachmentError:
    """Why the officer cannot write or submit the report now."""
    if report.state == ReportState.SIGNED_OFF:
        return AttachmentError(
            _(
                "This report is signed off and can no longer be changed. "
                "Write to the Secretariat if something in it must be corrected."
            )
        )
    return AttachmentError(_("This report is with your supervisor: you can change it again if they return it to you."))


def _write_report(report: AttachmentReport, fields: dict[str, str], opened_version: int | None) -> None:
    report.expected_version = opened_version
    for name in REPORT_SECTIONS:
        if name in fields:
            setattr(report, name, fields[name].strip())


@transaction.atomic
def save_report(
    *, report: AttachmentReport, officer: Officer, fields: dict[str, str], opened_version: int | None = None
) -> AttachmentReport:
    """Save the officer's report as a draft: the sections named in `fields`, nothing else."""
    report = _locked_report(report)
    _refuse_unless_officer(report.placement, officer)
    if not report.is_editable_by_officer:
        raise _officer_refusal(report)
    _write_report(report, fields, opened_version)
    save_with_history(report, by=officer.user, reason=_("Draft saved by the officer"))
    return report


@transaction.atomic
def submit_report(
    *,
    report: AttachmentReport,
    officer: Officer,
    fields: dict[str, str] | None = None,
    opened_version: int | None = None,
) -> AttachmentReport:
    """Save the sections in `fields` and send the report to the supervisor (again, once returned)."""
    report = _locked_report(report)
    _refuse_unless_officer(report.placement, officer)
    if ReportState.SUBMITTED not in REPORT_MOVES[report.state]:
        raise _officer_refusal(report)
    _write_report(report, fields or {}, opened_version)
    if not any(getattr(report, name) for name in REPORT_SECTIONS):
        raise AttachmentError(_("Write your report before you submit it: every section is empty."))
    supervisor = _supervisor_to_tell(report.placement)
    was_returned = report.state == ReportState.RETURNED
    report.state = ReportState.SUBMITTED
    report.submitted_at = timezone.now()
    save_with_history(
        report, by=officer.user, reason=_("Submitted again by the officer") if was_returned else _("Submitted")
    )
    _mail_supervisor(report.placement, supervisor, "report_submitted", report=report, resubmitted=was_returned)
    return report


def _report_to_review(
    report: AttachmentReport, supervisor: Supervisor, seen_version: int | None, *, to: str
) -> AttachmentReport:
    """The report re-read under a lock, refused unless its supervisor may move it `to` returned or signed off."""
    report = _locked_report(report)
    _refuse_unless_supervisor(report.placement, supervisor)
    if to not in REPORT_MOVES[report.state]:
        if report.state == ReportState.SIGNED_OFF:
            raise AttachmentError(_("This report is already signed off."))
        raise AttachmentError(
            _("This report is not submitted: you can return it or sign it off once the officer submits it.")
        )
    report.expected_version = seen_version
    return report


@transaction.atomic
def return_report(
    *, report: AttachmentReport, supervisor: Supervisor, comment: str, seen_version: int | None = None
) -> AttachmentReport:
    """Send the report back to the officer with comments saying what to change."""
    comment = comment.strip()
    if not comment:
        raise AttachmentError(_("Say what the officer should change: returning a report needs your comments."))
    report = _report_to_review(report, supervisor, seen_version, to=ReportState.RETURNED)
    report.state = ReportState.RETURNED
    report.supervisor_comment = comment
    save_with_history(report, by=supervisor.user, reason=_("Returned by the supervisor"))
    _mail_officer(report.placement, "report_returned", report=report)
    return report


@transaction.atomic
def sign_off_report(
    *, report: AttachmentReport, supervisor: Supervisor, comment: str = "", seen_version: int | None = None
) -> AttachmentReport:
    """Sign off the submitted report, with optional closing comments; it can no longer change."""
    report = _report_to_review(report, supervisor, seen_version, to=ReportState.SIGNED_OFF)
    report.state = ReportState.SIGNED_OFF
    # The comments of an earlier return stay in the history; these are the sign-off's own.
    report.supervisor_comment = comment.strip()
    report.signed_off_at = timezone.now()
    report.signed_off_by = supervisor
    save_with_history(report, by=supervisor.user, reason=_("Signed off by the supervisor"))
    _mail_officer(report.placement, "report_signed_off", report=report)
    return report


# --- Mail, after commit


def _mail_supervisor(placement: Placement, supervisor: Supervisor, kind: str, **context) -> None:
    context.update(placement=placement, supervisor=supervisor, officer=placement.officer)
    report = context.get("report")
    context["link"] = (
        portal_link("supervise:report", pk=report.pk)
        if report
        else portal_link("supervise:placement", pk=placement.pk)
    )
    send_mail_in_language(
        to=supervisor.email, user=supervisor.user, template=f"supervise/email/{kind}", context=context
    )


def _mail_officer(placement: Placement, kind: str, **context) -> None:
    officer = placement.officer
    # The record's address, else the login's (an officer invited to sign in has both).
    address = officer.email or (officer.user.email if officer.user else "")
    if not address:
        # Nothing to write to: the officer sees the change on their own pages.
        return
    context.update(placement=placement, officer=officer, supervisor=placement.supervised_by)
    report = context.get("report")
    context["link"] = (
        portal_link("my:report", pk=report.pk) if report else portal_link("my:objectives", pk=placement.pk)
    )
    send_mail_in_language(to=address, user=officer.user, template=f"my/email/{kind}", context=context)

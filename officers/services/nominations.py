"""Every change to a nomination: the focal point's draft, submission and withdrawal, and the
Secretariat's shortlist and decision. Each checks who is acting, the call's deadline and the move
(`ALLOWED_MOVES`), writes with its author in the history, and sends mail only after commit.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import portal_link
from core.history import save_with_history
from core.private_files import pdf_page_count
from officers.models import FocalPoint, Nomination, NominationState
from officers.models.nominations import DECISIONS, secretariat_time
from officers.services.mail_language import send_mail_in_language


class NominationError(Exception):
    """The change cannot be made as things stand; the message says why and what to do."""


def _locked(nomination: Nomination) -> Nomination:
    """The nomination re-read under a row lock, so two clicks cannot both move it."""
    return Nomination.objects.select_for_update().select_related("call", "focal_point").get(pk=nomination.pk)


def _refuse_unless_own(nomination: Nomination, focal_point: FocalPoint) -> None:
    if nomination.nominating_organisation_id != focal_point.organisation_id:
        # Views never offer another organisation's nomination; reaching here is a forged request.
        raise NominationError(_("This nomination belongs to another organisation."))


def _refuse_unless_open(nomination: Nomination) -> None:
    if not nomination.call.is_open():
        raise NominationError(
            _("The call closed on %(closes)s: nominations can no longer be added or changed.")
            % {"closes": secretariat_time(nomination.call.closes_at)}
        )


def _refuse_unless_allowed(nomination: Nomination, state: str) -> None:
    if not nomination.can_move_to(state):
        raise NominationError(
            _("A nomination that is %(now)s cannot become %(next)s.")
            % {"now": nomination.get_state_display().lower(), "next": NominationState(state).label.lower()}
        )


@transaction.atomic
def save_draft(*, nomination: Nomination, focal_point: FocalPoint) -> Nomination:
    """Create or update a draft for the focal point's organisation and country, while the call is open.
    Raises ValidationError for bad fields (shown beside them), NominationError for the rest."""
    if nomination.pk:
        stored = _locked(nomination)
        _refuse_unless_own(stored, focal_point)
        if stored.state != NominationState.DRAFT:
            raise NominationError(_("This nomination has been submitted: it can no longer be changed."))
    nomination.focal_point = focal_point
    nomination.nominating_organisation = focal_point.organisation
    nomination.country = focal_point.country
    _refuse_unless_open(nomination)
    _read_page_counts(nomination)
    nomination.full_clean()
    save_with_history(nomination, by=focal_point.user, reason=_("Draft saved by the focal point"))
    return nomination


def _read_page_counts(nomination: Nomination) -> None:
    """Page counts of newly uploaded documents; a bad file is refused beside its field."""
    errors = {}
    for field, pages_field in (("cv", "cv_pages"), ("letter", "letter_pages")):
        document = getattr(nomination, field)
        if document and not document._committed:
            try:
                setattr(nomination, pages_field, pdf_page_count(document))
            except ValidationError as error:
                errors[field] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_nomination(*, nomination: Nomination, focal_point: FocalPoint) -> Nomination:
    """Send a complete draft to the Secretariat, before the deadline."""
    nomination = _locked(nomination)
    _refuse_unless_own(nomination, focal_point)
    _refuse_unless_allowed(nomination, NominationState.SUBMITTED)
    _refuse_unless_open(nomination)
    missing = missing_documents(nomination)
    if missing:
        raise NominationError(_("Add %(missing)s before submitting.") % {"missing": _(" and ").join(missing)})
    nomination.full_clean()
    nomination.state = NominationState.SUBMITTED
    nomination.submitted_at = timezone.now()
    save_with_history(nomination, by=focal_point.user, reason=_("Submitted by the focal point"))
    return nomination


def missing_documents(nomination: Nomination) -> list[str]:
    """The documents a nomination still needs before it can be submitted."""
    required = (("cv", _("the CV")), ("letter", _("the nomination letter")))
    return [label for field, label in required if not getattr(nomination, field)]


@transaction.atomic
def withdraw_nomination(*, nomination: Nomination, focal_point: FocalPoint) -> Nomination:
    """The focal point takes a submitted nomination back, until the Secretariat decides."""
    nomination = _locked(nomination)
    _refuse_unless_own(nomination, focal_point)
    if not nomination.is_withdrawable:
        raise NominationError(
            _("The Secretariat has already decided on this nomination: write to it to withdraw the nominee.")
            if nomination.state in (*DECISIONS, NominationState.ENROLLED)
            else _("Only a submitted nomination can be withdrawn; a draft can be deleted.")
        )
    nomination.state = NominationState.WITHDRAWN
    save_with_history(nomination, by=focal_point.user, reason=_("Withdrawn by the focal point"))
    return nomination


@transaction.atomic
def delete_draft(*, nomination: Nomination, focal_point: FocalPoint) -> None:
    nomination = _locked(nomination)
    _refuse_unless_own(nomination, focal_point)
    if nomination.state != NominationState.DRAFT:
        raise NominationError(_("Only a draft can be deleted; withdraw a submitted nomination instead."))
    # Its CV and letter are deleted with it, once that commits (the model's stored-file tracker).
    nomination.delete()


@transaction.atomic
def shortlist_nominations(*, nominations: Iterable[Nomination], by: AbstractBaseUser) -> list[Nomination]:
    """Shortlist submitted nominations; others are left as they are. Returns those it changed."""
    changed = []
    for nomination in nominations:
        nomination = _locked(nomination)
        if nomination.state != NominationState.SUBMITTED:
            continue
        nomination.state = NominationState.SHORTLISTED
        save_with_history(nomination, by=by, reason=_("Shortlisted"))
        changed.append(nomination)
    return changed


@transaction.atomic
def decide_nomination(*, nomination: Nomination, decision: str, reason: str, by: User) -> Nomination:
    """Selected, reserve or not selected, with the reason kept in the history; the focal point is told."""
    if decision not in DECISIONS:
        raise NominationError(_("Choose selected, reserve or not selected."))
    reason = reason.strip()
    if not reason:
        raise NominationError(_("Give the reason for the decision: the history keeps it."))
    nomination = _locked(nomination)
    _refuse_unless_allowed(nomination, decision)
    nomination.state = decision
    nomination.decision_reason = reason
    nomination.decided_by = by
    nomination.decided_at = timezone.now()
    save_with_history(
        nomination,
        by=by,
        reason=_("%(decision)s: %(reason)s") % {"decision": NominationState(decision).label, "reason": reason},
    )
    _tell_focal_point_of_decision(nomination)
    return nomination


def _tell_focal_point_of_decision(nomination: Nomination) -> None:
    focal_point = nomination.focal_point
    context = {
        "nomination": nomination,
        "focal_point": focal_point,
        "call": nomination.call,
        "nominate_url": portal_link("nominate:home"),
    }
    send_mail_in_language(
        to=focal_point.email, user=focal_point.user, template="nominate/email/decision", context=context
    )

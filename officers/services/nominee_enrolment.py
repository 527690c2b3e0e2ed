"""Enrolling a call's selected nominees: each becomes an officer with a placement in the call's batch.

A person nominated before already has an officer record: the nominee is matched to it (same email,
or same name and country) and it is brought up to date, never duplicated. All nominees are enrolled
or none: any problem stops the whole enrolment with a message naming the nominee.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.emails import normalise_email
from core.history import save_with_history
from officers.models import CallForNominations, Nomination, NominationState, Officer, Placement, PlacementOutcome
from officers.services.enrolment import PlacementTerms
from officers.services.nominations import NominationError


@dataclass(frozen=True, kw_only=True)
class NomineePlacement(PlacementTerms):
    """What staff chose for one selected nominee on the enrolment page."""

    nomination: Nomination


@transaction.atomic
def enrol_nominees(
    *, call: CallForNominations, placements: list[NomineePlacement], by: AbstractBaseUser
) -> list[Placement]:
    """Create or update each nominee's officer record and give them an active placement in the
    call's batch; mark the nominations enrolled. All or nothing."""
    enrolled = []
    for choice in placements:
        nomination = Nomination.objects.select_for_update().get(pk=choice.nomination.pk)
        if nomination.call_id != call.pk:
            raise NominationError(_("%(name)s was nominated to another call.") % {"name": nomination.full_name})
        if nomination.state != NominationState.SELECTED:
            raise NominationError(
                _("%(name)s is %(state)s, not selected: only selected nominees can be enrolled.")
                % {"name": nomination.full_name, "state": nomination.get_state_display().lower()}
            )
        officer = officer_for_nominee(nomination, by=by)
        placement = Placement(
            officer=officer, batch=call.batch, outcome=PlacementOutcome.ACTIVE, **choice.placement_values()
        )
        _validate(placement, nominee=nomination.full_name)
        save_with_history(placement, by=by, reason=_("Enrolled from a nomination"))
        nomination.state = NominationState.ENROLLED
        nomination.officer = officer
        save_with_history(nomination, by=by, reason=_("Enrolled in %(batch)s") % {"batch": call.batch})
        enrolled.append(placement)
    return enrolled


def matching_officer(nomination: Nomination) -> Officer | None:
    """The officer record of a person nominated before: same email, or same name and country.
    Two records that both match are a duplicate staff must merge first."""
    email = normalise_email(nomination.email)
    same_person = Q(full_name__iexact=nomination.full_name.strip(), country=nomination.country)
    if email:
        same_person |= Q(email__iexact=email)
    matches = list(Officer.objects.filter(same_person)[:2])
    if len(matches) > 1:
        raise NominationError(
            _("%(name)s matches two officer records (%(first)s and %(second)s): merge them, then enrol again.")
            % {"name": nomination.full_name, "first": matches[0], "second": matches[1]}
        )
    return matches[0] if matches else None


def officer_for_nominee(nomination: Nomination, *, by: AbstractBaseUser) -> Officer:
    """The nominee's officer record, created or brought up to date from the nomination: where they
    work and their position now; blanks filled, nothing the record already says overwritten."""
    officer = matching_officer(nomination) or Officer(full_name=nomination.full_name, country=nomination.country)
    officer.home_organisation = nomination.organisation
    officer.position_at_nomination = nomination.position
    for field in ("name_in_own_script", "honorific", "gender"):
        if not getattr(officer, field):
            setattr(officer, field, getattr(nomination, field))
    if not officer.email:
        officer.email = normalise_email(nomination.email)
    _validate(officer, nominee=nomination.full_name)
    save_with_history(officer, by=by, reason=_("Nominated to %(call)s") % {"call": nomination.call})
    return officer


def _validate(record, *, nominee: str) -> None:
    try:
        record.full_clean()
    except ValidationError as error:
        raise NominationError(
            _("%(name)s cannot be enrolled: %(problem)s") % {"name": nominee, "problem": " ".join(error.messages)}
        ) from error

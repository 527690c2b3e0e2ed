"""Enrolling officers in a batch, and closing their placements when the batch graduates.

Both write many placements at once, each one saved (not bulk-written) so every change gets its
version number, its history entry with the staff member as author, and the public pages'
cache invalidation, exactly as an edit in the admin would. Completing a placement also issues its
certificate (`officers.services.certificates`), in the same transaction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from batches.models import Batch, Division
from core.history import save_with_history
from officers.models import AttachmentReport, Officer, Placement, PlacementOutcome, ReportKind, ReportState, Supervisor
from officers.services.certificates import history_reason, issue_certificate, pdfs_removed_on_failure


@dataclass(frozen=True, kw_only=True)
class PlacementTerms:
    """What staff choose for one person's placement when enrolling them: their division, their
    supervisor (a login, a name, a former officer's record) and their dates. Any may wait."""

    division: Division | None = None
    supervised_by: Supervisor | None = None
    supervisor_name: str = ""
    supervisor: Officer | None = None
    start_date: date | None = None
    end_date: date | None = None

    def placement_values(self) -> dict[str, Any]:
        """The placement's fields these terms set."""
        return {term.name: getattr(self, term.name) for term in fields(PlacementTerms)}


@dataclass(frozen=True, kw_only=True)
class OfficerPlacement(PlacementTerms):
    officer: Officer


@transaction.atomic
def enrol_officers(*, batch: Batch, placements: Sequence[OfficerPlacement], by: AbstractBaseUser) -> list[Placement]:
    """Give each officer an active placement in `batch` on their own terms, all or none.

    An officer already placed in the batch refuses the whole enrolment, named in the refusal, as
    does any placement that does not validate: nothing is written until every one would be."""
    placements = sorted(placements, key=lambda terms: (terms.officer.full_name, terms.officer.pk))
    placed = set(
        Placement.objects.select_for_update()
        .filter(batch=batch, officer__in=[terms.officer for terms in placements])
        .values_list("officer_id", flat=True)
    )
    if placed:
        names = ", ".join(str(terms.officer) for terms in placements if terms.officer.pk in placed)
        raise ValidationError(
            _("Already in %(batch)s: %(names)s.") % {"batch": batch, "names": names}, code="already_in_batch"
        )
    enrolled = []
    for terms in placements:
        placement = Placement(
            officer=terms.officer, batch=batch, outcome=PlacementOutcome.ACTIVE, **terms.placement_values()
        )
        try:
            placement.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s: %(problem)s") % {"name": terms.officer, "problem": " ".join(error.messages)}
            ) from error
        save_with_history(placement, by=by, reason=_("Enrolled in %(batch)s") % {"batch": batch})
        enrolled.append(placement)
    return enrolled


class CompletionRefused(Exception):
    """Placements without a signed-off final report, and no reason given for completing them anyway."""

    def __init__(self, placements: list[Placement]) -> None:
        self.placements = placements
        super().__init__(
            _(
                "The final report of %(names)s is not signed off. Nothing was completed: give the reason for "
                "completing without it, or wait for the supervisor's sign-off."
            )
            % {"names": ", ".join(str(placement) for placement in placements)}
        )


def awaiting_final_report(placements: Iterable[Placement]) -> list[Placement]:
    """The active placements among these whose final report is not signed off (or not written):
    completing them takes an editor's reason."""
    active = [placement for placement in placements if placement.outcome == PlacementOutcome.ACTIVE]
    signed_off = set(
        AttachmentReport.objects.filter(
            placement__in=active, kind=ReportKind.FINAL, state=ReportState.SIGNED_OFF
        ).values_list("placement_id", flat=True)
    )
    return [placement for placement in active if placement.pk not in signed_off]


@transaction.atomic
def complete_placements(
    *, placements: Iterable[Placement], by: AbstractBaseUser, site_url: str, reason: str = ""
) -> list[Placement]:
    """Mark active placements completed (graduated) and issue each its certificate; withdrawn and
    completed ones are left alone. Returns the placements it changed.

    A placement whose final report is not signed off is completed only with `reason`, added to its
    notes (which its history keeps with every version) and to the history's note of the change;
    without one, CompletionRefused is raised and nothing is written. `site_url` is the portal's
    address, printed on the certificates."""
    # Re-read under a row lock: two editors completing the same placement complete it once.
    locked = list(
        Placement.objects.select_for_update(of=("self",))
        .select_related("officer", "batch__track", "division")
        .filter(pk__in=[placement.pk for placement in placements])
        .order_by("pk")
    )
    reason = reason.strip()
    unsigned = {placement.pk for placement in awaiting_final_report(locked)}
    if unsigned and not reason:
        raise CompletionRefused([placement for placement in locked if placement.pk in unsigned])
    changed = []
    with pdfs_removed_on_failure() as issued:
        for placement in locked:
            if placement.outcome != PlacementOutcome.ACTIVE:
                continue
            placement.outcome = PlacementOutcome.COMPLETED
            note = _completion_note(placement.pk in unsigned, reason)
            if placement.pk in unsigned:
                placement.notes = "\n\n".join(part for part in (placement.notes, note) if part)
            placement.full_clean()
            save_with_history(placement, by=by, reason=history_reason(note))
            issued.append(issue_certificate(placement=placement, by=by, site_url=site_url))
            changed.append(placement)
    return changed


def _completion_note(without_final_report: bool, reason: str) -> str:
    if without_final_report:
        return _("Marked completed without a signed-off final report: %(reason)s") % {"reason": reason}
    return _("Marked completed (final report signed off)")

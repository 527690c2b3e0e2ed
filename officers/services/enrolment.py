"""Enrolling officers in a batch, and closing their placements when the batch graduates.

Both write many placements at once, each one saved (not bulk-written) so every change gets its
version number, its history entry with the staff member as author, and the public pages'
cache invalidation, exactly as an edit in the admin would. Completing a placement also issues its
certificate (`officers.services.certificates`), in the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from batches.models import Batch, Division
from core.history import save_with_history
from officers.models import AttachmentReport, Officer, Placement, PlacementOutcome, ReportKind, ReportState
from officers.services.certificates import history_reason, issue_certificate, pdfs_removed_on_failure


@dataclass
class Enrolment:
    enrolled: list[Placement] = field(default_factory=list)
    already_in_batch: list[Officer] = field(default_factory=list)


@transaction.atomic
def enrol_officers(
    *, officers: Iterable[Officer], batch: Batch, division: Division | None, by: AbstractBaseUser
) -> Enrolment:
    """Give each officer an active placement in `batch` (and `division`), all or none.

    Officers who already have a placement in that batch are left as they are and reported.
    """
    officers = sorted(officers, key=lambda officer: (officer.full_name, officer.pk))
    placed = set(
        Placement.objects.select_for_update()
        .filter(batch=batch, officer__in=officers)
        .values_list("officer_id", flat=True)
    )
    result = Enrolment()
    for officer in officers:
        if officer.pk in placed:
            result.already_in_batch.append(officer)
            continue
        placement = Placement(officer=officer, batch=batch, division=division, outcome=PlacementOutcome.ACTIVE)
        placement.full_clean()
        save_with_history(placement, by=by, reason=_("Enrolled in %(batch)s") % {"batch": batch})
        result.enrolled.append(placement)
    return result


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

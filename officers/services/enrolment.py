"""Enrolling officers in a batch, and closing their placements when the batch graduates.

Both write many placements at once, each one saved (not bulk-written) so every change gets its
version number, its history entry with the staff member as author, and the public pages'
cache invalidation, exactly as an edit in the admin would.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from batches.models import Batch, Division
from core.history import save_with_history
from officers.models import Officer, Placement, PlacementOutcome


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


@transaction.atomic
def complete_placements(*, placements: Iterable[Placement], by: AbstractBaseUser) -> list[Placement]:
    """Mark active placements completed (graduated); withdrawn and completed ones are left alone.
    Returns the placements it changed."""
    changed = []
    for placement in placements:
        if placement.outcome != PlacementOutcome.ACTIVE:
            continue
        placement.outcome = PlacementOutcome.COMPLETED
        placement.full_clean()
        save_with_history(placement, by=by, reason=_("Marked completed"))
        changed.append(placement)
    return changed

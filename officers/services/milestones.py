"""Career milestones checked by the Secretariat."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_with_history


@transaction.atomic
def check_milestones(*, milestones: QuerySet, by: AbstractBaseUser) -> int:
    """Record that `by` checked each milestone now, in its history too; returns how many."""
    checked_at = timezone.now()
    count = 0
    for milestone in milestones:
        milestone.checked_by = by
        milestone.checked_at = checked_at
        save_with_history(milestone, by=by, reason=_("Marked checked"))
        count += 1
    return count

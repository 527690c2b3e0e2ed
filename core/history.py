"""Who changed a record and why, as django-simple-history records it on the history row."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.functional import Promise


def record_change(
    instance: models.Model, *, by: AbstractBaseUser | AnonymousUser | None, reason: str | Promise | None = None
) -> None:
    """Name the author and the reason of the next save of `instance`; an anonymous or missing
    author, or no reason, leaves that column of the history row empty rather than failing."""
    if by is not None and by.is_authenticated:
        instance._history_user = by  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = str(reason)  # type: ignore[attr-defined]


def save_with_history(
    instance: models.Model,
    *,
    by: AbstractBaseUser | AnonymousUser | None,
    reason: str | Promise | None = None,
    update_fields: list[str] | None = None,
) -> None:
    """Save `instance` with its author and reason on the history row."""
    record_change(instance, by=by, reason=reason)
    instance.save(update_fields=update_fields)

"""The login a nominating focal point or a supervisor is invited with: their own, its username their
email address, linked to their record. Inviting again reuses it and never creates a second one.
(An officer's login has rules of its own: `officers.services.invitations`.)
"""

import secrets
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.emails import normalise_email
from core.history import save_with_history
from officers.models import FocalPoint, Supervisor


def link_login(
    *,
    record: FocalPoint | Supervisor,
    by: AbstractBaseUser,
    refuse: Callable[..., None],
    error: type[Exception],
) -> User:
    """Create or refresh `record`'s login (username = email) and link it to the record, which the
    caller has locked. An existing login, the record's or one with its address, is passed to
    `refuse(user=...)` first, which raises when it is not theirs to have; an address that cannot be a
    username raises `error`."""
    email = normalise_email(record.email)
    user = record.user or User._default_manager.filter(username__iexact=email).first()
    if user is not None:
        refuse(user=user)
    else:
        user = User(username=email)
        # A random password nobody knows, so "forgot your password" works once the link expires.
        user.set_password(secrets.token_urlsafe(32))
    if user.pk and normalise_email(user.email) != email:
        # The record now names someone else (a ministry replaced its focal point, a division has a new
        # supervisor): whoever held the login before must not keep signing in with their password.
        user.set_password(secrets.token_urlsafe(32))
    user.username = email
    user.email = email
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as invalid:
        raise error(
            _("%(email)s cannot be used as a login: %(reason)s")
            % {"email": email, "reason": " ".join(invalid.messages)}
        ) from invalid
    user.save()
    if record.user_id != user.pk:
        record.user = user
        save_with_history(record, by=by, reason=_("Invited to sign in"))
    return user

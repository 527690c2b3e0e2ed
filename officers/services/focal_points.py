"""Inviting a nominating focal point to sign in: a login of their own, linked to their record, and a
set-your-password link by email, as officers are invited. Inviting again sends a fresh link to the
same login and never creates a second one.
"""

import secrets

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.emails import normalise_email
from core.history import save_with_history
from officers.models import FocalPoint
from officers.services.sign_in_links import mail_set_password_link


class FocalPointInvitationError(Exception):
    """The focal point cannot be invited as their record stands; the message says what to do."""


@transaction.atomic
def invite_focal_point(*, focal_point: FocalPoint, by: AbstractBaseUser, base_url: str) -> User:
    """Create or refresh the focal point's login (username = email) and email them the link."""
    focal_point = FocalPoint.objects.select_for_update(of=("self",)).select_related("user").get(pk=focal_point.pk)
    email = normalise_email(focal_point.email)
    user = focal_point.user or User._default_manager.filter(username__iexact=email).first()
    if user is not None:
        _refuse_unless_theirs(user=user, focal_point=focal_point)
    else:
        user = User(username=email)
        # A random password nobody knows, so "forgot your password" works once the link expires.
        user.set_password(secrets.token_urlsafe(32))
    if user.pk and normalise_email(user.email) != email:
        # The record now names someone else (a ministry replaced its focal point): whoever held the
        # login before must not keep signing in with their password.
        user.set_password(secrets.token_urlsafe(32))
    user.username = email
    user.email = email
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise FocalPointInvitationError(
            _("%(email)s cannot be used as a login: %(reason)s") % {"email": email, "reason": " ".join(error.messages)}
        ) from error
    user.save()
    if focal_point.user_id != user.pk:
        focal_point.user = user
        save_with_history(focal_point, by=by, reason=_("Invited to sign in"))
    mail_set_password_link(
        user=user, base_url=base_url, template="nominate/email/invitation", context={"focal_point": focal_point}
    )
    return user


def _refuse_unless_theirs(*, user: User, focal_point: FocalPoint) -> None:
    """A focal point's login is theirs alone: never a staff login (whoever may edit the email would
    otherwise set a staff member's password), an officer's, or another focal point's."""
    if user.is_staff or user.is_superuser:
        raise FocalPointInvitationError(
            _("%(email)s is a staff login; a focal point needs an address of their own.") % {"email": user.username}
        )
    if hasattr(user, "officer"):
        raise FocalPointInvitationError(
            _("%(email)s is already the login of an officer, %(officer)s.")
            % {"email": user.username, "officer": user.officer}
        )
    other = getattr(user, "focal_point", None)
    if other is not None and other.pk != focal_point.pk:
        raise FocalPointInvitationError(
            _("%(email)s is already the login of another focal point, %(other)s.")
            % {"email": user.username, "other": other}
        )
    if not user.is_active:
        raise FocalPointInvitationError(
            _("%(email)s's login is deactivated: reactivate it in the admin first.") % {"email": user.username}
        )

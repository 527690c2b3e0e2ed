"""Inviting a nominating focal point to sign in: a login of their own, linked to their record, and a
set-your-password link by email, as officers are invited. Inviting again sends a fresh link to the
same login and never creates a second one.
"""

from functools import partial

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from officers.models import FocalPoint
from officers.services.logins import link_login
from officers.services.sign_in_links import mail_set_password_link


class FocalPointInvitationError(Exception):
    """The focal point cannot be invited as their record stands; the message says what to do."""


@transaction.atomic
def invite_focal_point(*, focal_point: FocalPoint, by: AbstractBaseUser, base_url: str) -> User:
    """Create or refresh the focal point's login (username = email) and email them the link. When the
    record's address now names someone else (a ministry replaced its focal point), the login gets a
    fresh password: whoever held it before must not keep signing in with theirs."""
    focal_point = FocalPoint.objects.select_for_update(of=("self",)).select_related("user").get(pk=focal_point.pk)
    user = link_login(
        record=focal_point,
        by=by,
        refuse=partial(_refuse_unless_theirs, focal_point=focal_point),
        error=FocalPointInvitationError,
    )
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

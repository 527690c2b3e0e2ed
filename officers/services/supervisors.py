"""Inviting a supervisor to sign in: a login of their own, linked to their record, and a set-your-password
link by email, as officers and focal points are invited. Inviting again sends a fresh link to the same
login and never creates a second one.
"""

import secrets

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.emails import normalise_email
from core.history import save_with_history
from officers.models import Supervisor
from officers.services.sign_in_links import mail_set_password_link


class SupervisorInvitationError(Exception):
    """The supervisor cannot be invited as their record stands; the message says what to do."""


@transaction.atomic
def invite_supervisor(*, supervisor: Supervisor, by: AbstractBaseUser, base_url: str) -> User:
    """Create or refresh the supervisor's login (username = email) and email them the link."""
    supervisor = Supervisor.objects.select_for_update(of=("self",)).select_related("user").get(pk=supervisor.pk)
    email = normalise_email(supervisor.email)
    user = supervisor.user or User._default_manager.filter(username__iexact=email).first()
    if user is not None:
        _refuse_unless_theirs(user=user, supervisor=supervisor)
    else:
        user = User(username=email)
        # A random password nobody knows, so "forgot your password" works once the link expires.
        user.set_password(secrets.token_urlsafe(32))
    if user.pk and normalise_email(user.email) != email:
        # The record now names someone else (a division has a new supervisor): whoever held the
        # login before must not keep signing in with their password.
        user.set_password(secrets.token_urlsafe(32))
    user.username = email
    user.email = email
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise SupervisorInvitationError(
            _("%(email)s cannot be used as a login: %(reason)s") % {"email": email, "reason": " ".join(error.messages)}
        ) from error
    user.save()
    if supervisor.user_id != user.pk:
        supervisor.user = user
        save_with_history(supervisor, by=by, reason=_("Invited to sign in"))
    mail_set_password_link(
        user=user, base_url=base_url, template="supervise/email/invitation", context={"supervisor": supervisor}
    )
    return user


def _refuse_unless_theirs(*, user: User, supervisor: Supervisor) -> None:
    """A supervisor's login is theirs alone: never a staff login (whoever may edit the email would
    otherwise set a staff member's password; a superuser links a staff member's own login by hand),
    another officer's, a focal point's, or another supervisor's. A former attachment officer may
    keep the login of their own officer record."""
    if user.is_staff or user.is_superuser:
        raise SupervisorInvitationError(
            _(
                "%(email)s is a staff login: a superuser links it to the supervisor's record by hand, "
                "and its owner resets their own password."
            )
            % {"email": user.username}
        )
    officer = getattr(user, "officer", None)
    if officer is not None and officer.pk != supervisor.officer_id:
        raise SupervisorInvitationError(
            _("%(email)s is already the login of an officer, %(officer)s.")
            % {"email": user.username, "officer": officer}
        )
    if hasattr(user, "focal_point"):
        raise SupervisorInvitationError(
            _("%(email)s is already the login of a nominating focal point.") % {"email": user.username}
        )
    other = getattr(user, "supervisor", None)
    if other is not None and other.pk != supervisor.pk:
        raise SupervisorInvitationError(
            _("%(email)s is already the login of another supervisor, %(other)s.")
            % {"email": user.username, "other": other}
        )
    if not user.is_active:
        raise SupervisorInvitationError(
            _("%(email)s's login is deactivated: reactivate it in the admin first.") % {"email": user.username}
        )

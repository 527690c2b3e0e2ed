"""Inviting a supervisor to sign in: a login of their own, linked to their record, and a set-your-password
link by email, as officers and focal points are invited. Inviting again sends a fresh link to the same
login and never creates a second one.
"""

from functools import partial

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from officers.models import Supervisor
from officers.services.logins import link_login
from officers.services.sign_in_links import mail_set_password_link


class SupervisorInvitationError(Exception):
    """The supervisor cannot be invited as their record stands; the message says what to do."""


@transaction.atomic
def invite_supervisor(*, supervisor: Supervisor, by: AbstractBaseUser, base_url: str) -> User:
    """Create or refresh the supervisor's login (username = email) and email them the link. When the
    record's address now names someone else (a division has a new supervisor), the login gets a fresh
    password: whoever held it before must not keep signing in with theirs."""
    supervisor = Supervisor.objects.select_for_update(of=("self",)).select_related("user").get(pk=supervisor.pk)
    user = link_login(
        record=supervisor,
        by=by,
        refuse=partial(_refuse_unless_theirs, supervisor=supervisor),
        error=SupervisorInvitationError,
    )
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

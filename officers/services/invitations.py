"""Inviting an officer to sign in: a login linked to their record, and a set-your-password link by email.

The link is Django's own password-reset link (`default_token_generator` and the user's id), opened by
`PasswordResetConfirmView` at /accounts/reset/<uidb64>/<token>/. It works until the password is set or
PASSWORD_RESET_TIMEOUT passes; after that the officer asks for a fresh one from the sign-in page, or
staff invite them again. Inviting again never makes a second account.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.emails import normalise_email
from core.history import save_with_history
from officers.models import Officer
from officers.services.sign_in_links import mail_set_password_link


class InvitationError(Exception):
    """The officer cannot be invited as their record stands; the message says why and what to do."""


@dataclass(frozen=True)
class Invitation:
    officer: Officer
    user: AbstractBaseUser
    account_created: bool


@transaction.atomic
def invite_officer(*, officer: Officer, by: AbstractBaseUser, base_url: str) -> Invitation:
    """Create or refresh the officer's login (username = email) and email them a set-your-password link.

    `base_url` is the portal's address as the officer will reach it, e.g. "https://attachment.example.org".
    The mail leaves only once the login is committed, so a link never points at an account that was
    rolled back.
    """
    # Lock the officer row only: PostgreSQL cannot lock the nullable side of the join to the login.
    officer = Officer.objects.select_for_update(of=("self",)).select_related("user").get(pk=officer.pk)
    email = normalise_email(officer.email)
    if not email:
        raise InvitationError(
            _("%(officer)s has no email address: add one to their record, then invite them again.")
            % {"officer": officer}
        )
    user, created = _login_for(officer=officer, email=email)
    if officer.user_id != user.pk:
        officer.user = user
        save_with_history(officer, by=by, reason=_("Invited to sign in"))

    mail_set_password_link(
        user=user, base_url=base_url, template="registration/invitation", context={"officer": officer}
    )
    return Invitation(officer=officer, user=user, account_created=created)


def _login_for(*, officer: Officer, email: str) -> tuple[User, bool]:
    """The officer's login with its username and email set to `email`, and whether it is new.

    Refuses to touch a staff login: whoever may edit an officer's email address could otherwise send
    themselves a link that sets a staff member's password.
    """
    user: User | None = officer.user or _unclaimed_login(officer=officer, email=email)
    if officer.user is not None:
        _refuse_if_taken(officer=officer, login=officer.user, email=email)

    created = user is None
    if user is None:
        user = User(username=email)
        # A random password nobody knows, not an unusable one: Django's "forgot your password" form
        # ignores accounts with unusable passwords, and an officer whose invitation expired needs it.
        user.set_password(secrets.token_urlsafe(32))
    elif user.is_staff or user.is_superuser:
        raise InvitationError(
            _("%(officer)s's login is a staff login; staff reset their own password from the sign-in page.")
            % {"officer": officer}
        )
    elif not user.is_active:
        raise InvitationError(
            _("%(officer)s's login is deactivated: reactivate it in the admin first.") % {"officer": officer}
        )
    user.username = email
    user.email = email
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise InvitationError(
            _("%(email)s cannot be used as a login: %(reason)s") % {"email": email, "reason": " ".join(error.messages)}
        ) from error
    user.save()
    return user, created


def _refuse_if_taken(*, officer: Officer, login: User, email: str) -> None:
    """An officer's existing login cannot take an address another login already uses."""
    others = User._default_manager.filter(username__iexact=email).exclude(pk=login.pk)
    if others.exists():
        raise InvitationError(
            _("Another login already uses %(email)s, so %(officer)s's login cannot take it.")
            % {"email": email, "officer": officer}
        )


def _unclaimed_login(*, officer: Officer, email: str) -> User | None:
    """For an officer without a login: a login with their address that nobody else holds (one left
    behind when its officer record was unlinked), or None when there is none to reuse."""
    other = User._default_manager.filter(username__iexact=email).select_related("officer").first()
    if other is None:
        return None
    if other.is_staff or other.is_superuser:
        raise InvitationError(
            _("%(email)s is a staff login; link it to %(officer)s by hand if it is really theirs.")
            % {"email": email, "officer": officer}
        )
    if getattr(other, "officer", None) is not None:
        raise InvitationError(
            _("%(email)s is already the login of another officer, %(other)s.")
            % {"email": email, "other": other.officer}
        )
    return other

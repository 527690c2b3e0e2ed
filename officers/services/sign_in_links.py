"""The set-your-password email that invites an officer or a focal point to sign in.

The link is Django's own password-reset link (`default_token_generator` and the user's id), opened by
`PasswordResetConfirmView` at /accounts/reset/<uidb64>/<token>/: it works until the password is set
or PASSWORD_RESET_TIMEOUT passes, and a fresh one can be asked for from the sign-in page.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from officers.services.mail_language import send_mail_in_language


def mail_set_password_link(*, user: User, base_url: str, template: str, context: dict) -> None:
    """Email `user` a link to choose their password, from `<template>_subject.txt` and
    `<template>_email.txt`, in the language they chose. The mail leaves only once the transaction
    commits, so a link never points at an account that was rolled back. `base_url` is the portal's
    address as the person will reach it, e.g. "https://attachment.example.org"."""
    root = base_url.rstrip("/")
    link = root + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        **context,
        "username": user.get_username(),
        "link": link,
        "reset_url": root + reverse("password_reset"),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)),
    }
    send_mail_in_language(to=user.email, user=user, template=template, context=context, site=root)

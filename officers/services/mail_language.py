"""Every mail the portal sends a person, in the language they read the portal in.

The language is the one the recipient's login chose (`accounts.language.language_of`); a recipient
without a login gets the portal's default. Subject, body and the links to the portal's pages in
them are all in that language, whatever language the person who caused the mail was reading.
"""

from functools import partial
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.language import language_of
from core.i18n_urls import path_in_language


def send_mail_in_language(
    *, to: str, user: User | None, template: str, context: dict, site: str | None = None
) -> None:
    """Render `<template>_subject.txt` and `<template>_email.txt` in `user`'s language and send them
    to `to` once the transaction commits, so no mail tells of a change that was rolled back. Links in
    `context` to pages of `site` (the portal's address, PORTAL_URL unless given) are given in that
    language too."""
    language = language_of(user)
    site = (site or settings.PORTAL_URL).rstrip("/") + "/"
    context = {key: _link_in_language(value, site, language) for key, value in context.items()}
    with translation.override(language):
        subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
        body = render_to_string(f"{template}_email.txt", context)
    transaction.on_commit(partial(send_mail, subject, body, None, [to]))


def _link_in_language(value: object, site: str, language: str) -> object:
    """A link to one of the site's pages in `language`; any other value (a link elsewhere too) as it is."""
    if not isinstance(value, str) or not value.startswith(site):
        return value
    parts = urlsplit(value)
    return urlunsplit(parts._replace(path=path_in_language(parts.path, language)))

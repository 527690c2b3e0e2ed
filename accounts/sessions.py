"""Sessions that end after a spell of inactivity, written at most once a minute.

Every request pushes a session's end back by SESSION_COOKIE_AGE. Django does that by saving the
session on every request (SESSION_SAVE_EVERY_REQUEST): a transaction and an UPDATE on every page a
signed-in person opens, the admin's included, even when nothing in the session changed. This store
remembers the end it read from the database, and the middleware saves an unchanged session only once
that end has come REFRESH_SECONDS closer. An idle session may so end up to a minute early, never late.

`SESSION_ENGINE = "accounts.sessions"`, with `SlidingSessionMiddleware` in place of Django's.
"""

from datetime import datetime, timedelta

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import timezone

REFRESH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    """The database's sessions, remembering the end each one had when it was read."""

    stored_expiry: datetime | None = None

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        self.stored_expiry = row.expire_date if row is not None else None
        return row


def is_due_for_refresh(session: SessionStore) -> bool:
    """Whether the session's stored end is more than REFRESH_SECONDS short of a full idle time."""
    if session.stored_expiry is None:
        return True
    full_idle_time = timedelta(seconds=session.get_session_cookie_age())
    return session.stored_expiry - timezone.now() < full_idle_time - timedelta(seconds=REFRESH_SECONDS)


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, saving an unchanged session only when its end is due to move."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.modified and is_due_for_refresh(session):
            session.modified = True
        return super().process_response(request, response)

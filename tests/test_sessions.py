"""A session ends after a spell of inactivity (SESSION_IDLE_MINUTES) and on signing out; an unchanged
session is written at most once a minute (accounts/sessions.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from officers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def signed_in() -> Client:
    UserFactory(username="alpha@example.org").save()
    client = Client()
    response = client.post("/accounts/login/", {"username": "alpha@example.org", "password": PASSWORD})
    assert response.status_code == 302
    return client


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def is_signed_in(client: Client) -> bool:
    return client.get("/accounts/password_change/").status_code == 200


def test_a_session_lasts_the_idle_time_and_its_cookie_ends_with_the_browser(signed_in):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    remaining = session_row(signed_in).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"]


def test_each_request_pushes_the_end_of_the_session_back(signed_in):
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))

    assert is_signed_in(signed_in)

    assert session_row(signed_in).expire_date - timezone.now() > timedelta(minutes=29)


def test_after_the_idle_time_the_session_has_ended(signed_in):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    assert not is_signed_in(signed_in)
    assert signed_in.get("/my/")["Location"].startswith("/accounts/login/")


def test_signing_out_ends_the_session_for_good(signed_in):
    old_cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value

    signed_in.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=old_cookie).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    assert not is_signed_in(replay)


def test_signing_in_gives_a_new_session_key():
    UserFactory(username="alpha@example.org").save()
    client = Client()
    session = client.session
    session["planted"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/accounts/login/", {"username": "alpha@example.org", "password": PASSWORD})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def session_writes(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries if query["sql"].startswith('UPDATE "django_session"')]


def test_a_request_soon_after_the_last_one_does_not_write_the_session(signed_in):
    # Signing in saved the session a moment ago: its end is still a full idle time away.
    assert session_writes(signed_in, "/accounts/password_change/") == []


def test_once_its_end_has_come_a_minute_closer_a_request_pushes_it_back(signed_in):
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 61))

    assert len(session_writes(signed_in, "/accounts/password_change/")) == 1

    assert session_row(signed_in).expire_date - timezone.now() > timedelta(minutes=29)
    assert session_writes(signed_in, "/accounts/password_change/") == []

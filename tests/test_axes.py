"""Repeated failed sign-ins lock that username from that address, for a while, with a clear message.

Not the whole office behind one address, not the username everywhere: the lock is the pair.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from officers.tests.factories import UserFactory
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
OFFICE = "203.0.113.10"
HOME = "198.51.100.7"


@pytest.fixture
def alpha():
    user = UserFactory(username="alpha@example.org")
    user.save()
    return user


@pytest.fixture
def bravo():
    user = UserFactory(username="bravo@example.org")
    user.save()
    return user


def sign_in(
    username: str, password: str = "wrong password", *, address: str = OFFICE, path="/accounts/login/", **extra
):
    """A fresh browser posting the sign-in form, so only the address and username tie attempts together."""
    client = Client()
    response = client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)
    return response, client


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_until_locked(username: str, *, address: str = OFFICE, path: str = "/accounts/login/"):
    for _ in range(4):
        response, _client = sign_in(username, address=address, path=path)
        assert response.status_code == 200
    return sign_in(username, address=address, path=path)[0]


def test_the_fifth_failed_sign_in_locks_with_a_clear_message(alpha):
    response = fail_until_locked("alpha@example.org")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "There were 5 failed sign-ins in a row for this username from your network" in page
    assert "Try again in 15 minutes." in page
    assert response["Content-Security-Policy"]


def test_a_locked_username_cannot_sign_in_even_with_the_right_password(alpha):
    fail_until_locked("alpha@example.org")

    response, client = sign_in("alpha@example.org", PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_four_failures_do_not_lock(alpha):
    for _ in range(4):
        sign_in("alpha@example.org")
    response, client = sign_in("alpha@example.org", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_another_username_from_the_same_address_still_signs_in(alpha, bravo):
    fail_until_locked("alpha@example.org")

    response, client = sign_in("bravo@example.org", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_same_username_from_another_address_still_signs_in(alpha):
    fail_until_locked("alpha@example.org", address=OFFICE)

    response, client = sign_in("alpha@example.org", PASSWORD, address=HOME)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(alpha):
    for n in range(5):
        sign_in("alpha@example.org", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response, client = sign_in("alpha@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_behind_a_trusted_proxy_the_lock_is_per_client_address(alpha, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        sign_in("alpha@example.org", address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)

    locked, _client = sign_in("alpha@example.org", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    elsewhere, client = sign_in("alpha@example.org", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=HOME)

    assert locked.status_code == 429
    assert elsewhere.status_code == 302 and is_signed_in(client)


def test_the_lock_ends_after_the_cool_off(alpha, settings):
    fail_until_locked("alpha@example.org")
    # Fifteen minutes and a second pass.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=15, seconds=1)
    )

    response, client = sign_in("alpha@example.org", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_lock_has_not_ended_before_the_cool_off(alpha):
    fail_until_locked("alpha@example.org")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14))

    response, _client = sign_in("alpha@example.org", PASSWORD)

    assert response.status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(alpha):
    for _ in range(4):
        sign_in("alpha@example.org")
    sign_in("alpha@example.org", PASSWORD)
    for _ in range(4):
        sign_in("alpha@example.org")

    response, _client = sign_in("alpha@example.org", PASSWORD)

    assert response.status_code == 302


def test_the_admin_sign_in_is_locked_the_same_way(editor):
    editor.save()
    response = fail_until_locked("editor@example.org", path="/admin/login/")

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    locked, client = sign_in("editor@example.org", PASSWORD, path="/admin/login/")
    assert locked.status_code == 429 and not is_signed_in(client)


def test_staff_unlock_a_username_from_the_admin(alpha, editor):
    fail_until_locked("alpha@example.org")
    attempt = AccessAttempt.objects.get(username="alpha@example.org")
    staff = signed_in_client(editor)

    listing = staff.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "alpha@example.org" in listing.content.decode()
    confirm = staff.get(f"/admin/axes/accessattempt/{attempt.pk}/delete/")
    assert confirm.status_code == 200
    deleted = staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302

    assert not AccessAttempt.objects.exists()
    response, client = sign_in("alpha@example.org", PASSWORD)
    assert response.status_code == 302 and is_signed_in(client)


def test_viewers_cannot_unlock(alpha, viewer):
    fail_until_locked("alpha@example.org")
    attempt = AccessAttempt.objects.get()

    response = signed_in_client(viewer).post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert AccessAttempt.objects.exists()

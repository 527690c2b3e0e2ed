import pytest
from django.test import RequestFactory

from accounts.sign_in_attempts import attempted_username
from core.client_address import client_ip_address


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=remote_addr, **extra)


def test_without_proxies_the_connection_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_address(request_from("203.0.113.10", "192.0.2.1")) == "203.0.113.10"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (1, "203.0.113.10", "203.0.113.10"),
        # A client's own forged entry comes first; our proxy appends the address it really saw.
        (1, "192.0.2.66, 203.0.113.10", "203.0.113.10"),
        (2, "192.0.2.66, 203.0.113.10, 10.0.0.3", "203.0.113.10"),
        # Fewer entries than proxies: the request bypassed one; trust only the connection.
        (2, "203.0.113.10", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_behind_proxies_the_address_our_outermost_proxy_saw_counts(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip_address(request_from("10.0.0.2", forwarded_for)) == expected


def test_the_attempted_username_fits_the_username_column_without_nul_characters():
    request = request_from("203.0.113.10")
    assert attempted_username(request, {"username": "a\x00b" + "c" * 10_000}) == "ab" + "c" * 148
    assert attempted_username(request, {"username": "alpha@example.org"}) == "alpha@example.org"
    assert attempted_username(request, None) is None

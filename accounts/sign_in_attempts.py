"""Who a sign-in attempt is recorded against, as django-axes should see it: an address and a username.

Behind reverse proxies every request arrives from a proxy, so the client's own address is in
X-Forwarded-For. Only the entries our own proxies appended can be trusted: a client may send the
header itself with any address in it. With `TRUSTED_PROXY_COUNT` proxies in front, the address the
outermost of them saw is the one that many places from the right.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    remote_addr = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # The request did not pass through all our proxies: trust only the connection itself.
        return remote_addr
    return forwarded[-proxies]


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username as typed, cut to the longest a username can be and without NUL characters.

    Django's sign-in form does not check the username's length, so a 10,000-character one reaches
    authentication and axes would try to store it in a 255-character column: PostgreSQL refuses,
    and the sign-in page would fail with a server error instead of saying the details are wrong.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    if not isinstance(username, str):
        return username
    longest = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
    return username.replace("\x00", "")[:longest]

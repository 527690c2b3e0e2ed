"""The address a request came from, as the portal's limits count it (sign-in attempts, the API).

Behind reverse proxies every request arrives from a proxy, so the client's own address is in
X-Forwarded-For. Only the entries our own proxies appended can be trusted: a client may send the
header itself with any address in it. With `TRUSTED_PROXY_COUNT` proxies in front, the address the
outermost of them saw is the one that many places from the right.
"""

from django.conf import settings
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

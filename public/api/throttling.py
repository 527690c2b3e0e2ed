"""Rate limits per client address, which hold while Redis is down.

DRF keeps each address's recent requests in the default cache, which every worker shares. That cache
is Redis behind `core.resilient_cache`, which answers as an empty cache while Redis cannot be reached:
the limit would then count nothing and never apply. While the cache is known to be down, the history
is kept in this process's memory instead, so each worker still limits each address (the limit is
then per worker, not per site, until Redis answers again).
"""

import math

from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.exceptions import APIException, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from core.client_address import client_ip_address
from core.resilient_cache import cache_is_down

# Bounded: a process keeps the histories of at most this many addresses (the oldest give way).
_histories_while_cache_is_down = LocMemCache("api-rate-limits", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


class PerAddressRateThrottle(SimpleRateThrottle):
    """At most `DEFAULT_THROTTLE_RATES["api"]` requests per client address, the address counted as
    sign-in attempts count it (`core.client_address`)."""

    scope = "api"

    @property
    def cache(self):
        return _histories_while_cache_is_down if cache_is_down(shared_cache) else shared_cache

    def get_rate(self) -> str:
        # Read at each request rather than when the class is defined, so a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request) -> str:
        return client_ip_address(request) or ""

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# How the limit's period reads in the 429 message, by its length in seconds (DRF's s, m, h and d).
PERIODS = {1: _("a second"), 60: _("a minute"), 3600: _("an hour"), 86400: _("a day")}


class TooManyRequests(Throttled):
    """The 429 answer: what the limit is and when to try again (also in the Retry-After header)."""

    def __init__(self, *, wait: float | None) -> None:
        limit = PerAddressRateThrottle()
        seconds = max(1, math.ceil(wait or 0))
        detail = ngettext(
            "Too many requests from your address: the API answers each address %(requests)d times %(period)s. "
            "Try again in %(seconds)d second.",
            "Too many requests from your address: the API answers each address %(requests)d times %(period)s. "
            "Try again in %(seconds)d seconds.",
            seconds,
        ) % {"requests": limit.num_requests, "period": PERIODS[limit.duration], "seconds": seconds}
        # Not Throttled's own __init__, which would add a second sentence about the wait.
        APIException.__init__(self, detail)
        self.wait = seconds

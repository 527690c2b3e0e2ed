"""Liveness for load balancers and monitors: is the database answering? The cache's state is
reported beside it but never fails the check: the portal serves, uncached, without it."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.resilient_cache import cache_is_down

logger = logging.getLogger(__name__)

PROBE_KEY = "healthz:probe"


def cache_state() -> str:
    """'ok' when a value written to the cache reads back, 'down' when the cache cannot be reached."""
    cache.set(PROBE_KEY, 1, timeout=10)
    return "down" if cache_is_down(cache) or cache.get(PROBE_KEY) != 1 else "ok"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Public, for operators: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "down", "cache": cache_state()}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_state()})

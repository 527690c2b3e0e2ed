"""A database outage shows the portal's own 503 page, to everyone, and ends by itself.

When PostgreSQL stops answering, whatever touches it fails: a view's query (a 500), or for a
signed-in person the session itself (Django answers 400, "session was deleted"). This middleware
sits above all others; when a response is one of those errors and the database does not answer a
probe, it is replaced by a 503 page in the portal's look with `Retry-After`, rendered without the
database, in the language of the address (/km/... in Khmer, an unprefixed address in English). Nothing
is kept between requests: the first request after the database returns is served normally (persistent
connections are health-checked, CONN_HEALTH_CHECKS).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from core.error_pages import render_error_page
from core.i18n_urls import language_from_path

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# What a failed query or session save becomes further down the stack.
FAILURE_STATUSES = {400, 500}


def database_answers() -> bool:
    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def outage_response(request: HttpRequest) -> HttpResponse:
    # The address's language, never the one this thread has active: the failure may have come before the
    # locale middleware ran (a signed-in person's session), leaving the language of an earlier request.
    with translation.override(language_from_path(request.path_info) or settings.LANGUAGE_CODE):
        page = render_error_page("errors/database_unavailable.html", status_code=503)
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DatabaseError:
            response = None
        if response is not None and response.status_code not in FAILURE_STATUSES:
            return response
        if response is not None and database_answers():
            return response
        logger.error("The database does not answer: %s %s answered with the 503 page", request.method, request.path)
        return outage_response(request)

"""A database outage shows the portal's 503 page with Retry-After, to visitors and signed-in people
alike, in the address's language, and the next request after the database returns is served as usual."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import translation

from core.locale_middleware import PortalLocaleMiddleware

pytestmark = pytest.mark.django_db


def database_down():
    return mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("server closed the connection")
    )


@pytest.fixture(autouse=True)
def _as_a_browser_sees_it(client, request):
    """The test client re-raises a view's exception by default; a browser gets the response."""
    for name in ("client", "officer_a_client", "editor_client"):
        if name in request.fixturenames:
            request.getfixturevalue(name).raise_request_exception = False


def failing_before_the_language_is_read():
    """The database failing above the locale middleware (a signed-in person's session, say): the request
    never reaches the line that reads its language from the address."""
    return mock.patch.object(
        PortalLocaleMiddleware, "process_request", side_effect=OperationalError("server closed the connection")
    )


def assert_outage_page(response, language=settings.LANGUAGE_CODE):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        assert translation.gettext("The portal is briefly unavailable") in page
    assert 'href="/static/css/portal' in page  # the portal's look, not a bare error


@pytest.mark.parametrize("path", ["/stories/", "/graduates/someone/", "/programme/"])
def test_a_visitor_gets_the_503_page(client, path):
    with database_down():
        assert_outage_page(client.get(path))


def test_a_signed_in_officer_gets_the_503_page_not_a_400(officer_a_client):
    with database_down():
        assert_outage_page(officer_a_client.get("/my/"))


def test_a_signed_in_officer_on_a_khmer_page_gets_the_503_page_in_khmer(officer_a_client):
    with database_down():
        assert_outage_page(officer_a_client.get("/km/my/"), "km")


@pytest.mark.parametrize(
    ("path", "language"),
    [("/km/stories/", "km"), ("/my-mm/programme/", "my"), ("/stories/", "en-gb"), ("/my/", "en-gb")],
)
def test_the_503_page_is_in_the_addresss_language_when_the_failure_came_before_it_was_read(client, path, language):
    # The thread still holds the language of an earlier request, which is not this page's.
    with database_down(), failing_before_the_language_is_read(), translation.override("vi"):
        response = client.get(path)

    assert_outage_page(response, language)


def test_staff_get_the_503_page_in_the_admin(editor_client):
    with database_down():
        assert_outage_page(editor_client.get("/admin/officers/officer/"))


def test_the_first_request_after_the_database_returns_is_served(officer_a_client):
    with database_down():
        officer_a_client.get("/my/")
    response = officer_a_client.get("/my/")
    assert response.status_code == 200
    assert "Officer Alpha" in response.content.decode()


def test_an_ordinary_error_while_the_database_answers_stays_what_it_is(client):
    assert client.get("/stories/does-not-exist/").status_code == 404

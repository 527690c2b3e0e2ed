"""Overlong and malformed sign-in values get a clear message, never a server error, and sign nobody in."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from officers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]
# "Please enter a correct username and password." on the portal; "...the correct..." on the admin's.
WRONG = "correct username and password"


@pytest.fixture(autouse=True)
def alpha():
    user = UserFactory(username="alpha@example.org")
    user.save()
    return user


def post(path: str, data: dict, **extra):
    client = Client()
    response = client.post(path, data, **extra)
    assert "_auth_user_id" not in client.session
    return response


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        pytest.param("a" * 10_000, "x", WRONG, id="10k-username"),
        pytest.param("alpha@example.org", "p" * 100_000, WRONG, id="100k-password"),
        pytest.param("alpha\x00@example.org", "x", "Null characters are not allowed.", id="null-in-username"),
        pytest.param("alpha@example.org", "pass\x00word", "Null characters are not allowed.", id="null-in-password"),
        pytest.param("", "", "This field is required.", id="empty"),
        pytest.param("' OR 1=1 --", "' OR 1=1 --", WRONG, id="sql"),
        pytest.param("ឧទាហរណ៍@example.org", "ລະຫັດຜ່ານ", WRONG, id="other-scripts"),
        pytest.param("alpha@example.org\r\nX-Injected: 1", "x", WRONG, id="header-injection"),
        pytest.param("<script>alert(1)</script>", "x", WRONG, id="markup"),
    ],
)
def test_bad_values_get_a_clear_message(path, username, password, message):
    response = post(path, {"username": username, "password": password})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_an_overlong_username_counts_towards_the_lock_of_its_first_150_characters(path):
    for _ in range(5):
        response = post(path, {"username": "a" * 10_000, "password": "x"})
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "a" * 150


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_a_repeated_or_missing_field_is_handled(path):
    assert post(path, {"username": ["alpha@example.org", "b"], "password": ["x", "y"]}).status_code == 200
    assert post(path, {}).status_code == 200
    assert post(path, {"username": "alpha@example.org"}).status_code == 200


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_an_overlong_browser_name_is_recorded_without_error(path):
    response = post(path, {"username": "alpha@example.org", "password": "x"}, HTTP_USER_AGENT="M" * 10_000)

    assert response.status_code == 200
    assert AccessAttempt.objects.get().user_agent == "M" * 255


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_an_oversized_form_is_refused_as_a_bad_request(path, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    assert post(path, {"username": "alpha@example.org", "password": "p" * 20_000}).status_code == 400
    assert post(path, {f"field{n}": "x" for n in range(1_100)}).status_code == 400


def test_a_non_utf8_body_is_handled():
    client = Client()
    response = client.post(
        "/accounts/login/", b"username=\xff\xfe&password=\xc3", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 400)

"""Every response carries the security headers, and the pages work under the strict policy they set."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from devdata.seed import seed_programme
from officers.models import Officer
from officers.tests.factories import UserFactory
from tests.clients import signed_in_client
from tests.html_audit import audit

pytestmark = pytest.mark.django_db


def assert_security_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


@pytest.mark.parametrize("path", ["/", "/stories/", "/accounts/login/", "/admin/login/", "/healthz", "/no-such-page/"])
def test_public_responses_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_security_headers(response)


def test_signed_in_pages_carry_the_security_headers(editor):
    response = signed_in_client(editor).get("/admin/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_plain_http_is_redirected_to_https_except_the_health_check(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/accounts/login/")["Location"] == "https://testserver/accounts/login/"
    # Load balancers probe over plain HTTP inside the network.
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("path", ["/", "/stories/", "/statistics/", "/programme/", "/accounts/login/"])
def test_portal_pages_have_no_inline_script_or_style(client, path):
    seed_programme()
    response = client.get(path)
    assert response.status_code == 200
    assert audit(response.content.decode()) == ([], [])


def test_seeded_story_and_graduate_pages_have_no_inline_script_or_style(client):
    seed_programme()
    officer = Officer.objects.public().filter(stories__isnull=False).first()
    story = officer.stories.first()
    for path in (story.get_absolute_url(), officer.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200, path
        assert audit(response.content.decode()) == ([], []), path


@pytest.fixture
def superuser_client():
    return signed_in_client(UserFactory(username="admin@example.org", is_staff=True, is_superuser=True))


def admin_pages() -> list[str]:
    """Every registered model's list, add form, first record's change form and history."""
    pages = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{info}_changelist"))
        pages.append(reverse(f"{info}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for view in ("change", "history"):
                try:
                    pages.append(reverse(f"{info}_{view}", args=[first.pk]))
                except NoReverseMatch:
                    pass
    return pages


def test_admin_pages_run_no_inline_script(superuser_client):
    """Under `script-src 'self'` an inline script would simply not run: every admin page must do without.
    (Inline styles are only cosmetic there; third-party admin templates still have a few.)"""
    seed_programme()
    broken = {}
    for path in admin_pages():
        response = superuser_client.get(path)
        assert response.status_code in (200, 302, 403), (path, response.status_code)
        if response.status_code == 200:
            scripts, _styles = audit(response.content.decode())
            if scripts:
                broken[path] = scripts
    assert broken == {}


def test_admin_sign_in_and_second_factor_pages_have_no_inline_script_or_style(client, editor, settings):
    assert audit(client.get("/admin/login/").content.decode()) == ([], [])
    settings.STAFF_REQUIRE_OTP = True
    response = signed_in_client(editor).get(reverse("accounts:otp-enrol"))
    assert response.status_code == 200
    assert audit(response.content.decode()) == ([], [])


# --- CSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_sign_in_post_without_a_csrf_token_is_refused(path):
    user = UserFactory(username="alpha@example.org")
    user.save()
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, {"username": "alpha@example.org", "password": "correct horse battery staple"})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_officer_form_post_without_a_csrf_token_changes_nothing(officer_a):
    client = signed_in_client(officer_a.user, enforce_csrf_checks=True)
    try:
        path = reverse("my:edit-profile")
    except NoReverseMatch:
        pytest.skip("the officer's profile form is not there yet")

    response = client.post(path, {"bio": "Written by another site"})

    assert response.status_code == 403
    officer_a.refresh_from_db()
    assert officer_a.bio != "Written by another site"


def test_a_csrf_less_admin_change_is_refused_and_changes_nothing(editor):
    client = signed_in_client(editor, enforce_csrf_checks=True)
    before = Officer.objects.count()

    response = client.post("/admin/officers/officer/add/", {"full_name": "Forged", "country": "VN"})

    assert response.status_code == 403
    assert Officer.objects.count() == before

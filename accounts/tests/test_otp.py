import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from officers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:otp-enrol")
VERIFY = reverse("accounts:otp-verify")


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.STAFF_REQUIRE_OTP = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_unverified_staff_is_sent_from_the_admin_to_enrol(editor_client):
    response = editor_client.get("/admin/officers/officer/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Fofficers%2Fofficer%2F"


def test_enrolment_page_shows_the_qr_code_as_inline_svg_and_the_secret_as_text(editor_client, editor):
    response = editor_client.get(ENROL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed is False
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    assert "<path" in svg
    assert "style=" not in svg
    assert "data:" not in html
    secret = response.context["secret"]
    assert secret.replace(" ", "") in device.config_url
    assert secret in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_reloading_the_enrolment_page_keeps_the_same_secret(editor_client, editor):
    first = editor_client.get(ENROL).context["secret"]
    second = editor_client.get(ENROL).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_staff_enrols_with_a_code_from_the_app_and_then_reaches_the_admin(editor_client, editor):
    editor_client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor)

    response = editor_client.post(ENROL, {"token": code_for(device), "next": "/admin/officers/officer/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/officers/officer/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert editor_client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_enrol_and_says_so(editor_client, editor):
    editor_client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = editor_client.post(ENROL, {"token": wrong})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert editor_client.get("/admin/")["Location"].startswith(ENROL)


@pytest.mark.parametrize("token", ["", "abcdef", "12345", "1234567", "1" * 10_000, "12\x0034"])
def test_malformed_codes_get_a_clear_message(editor_client, token):
    response = editor_client.post(ENROL, {"token": token})
    assert response.status_code == 200
    assert "Enter the 6-digit code your authenticator app shows now." in response.content.decode()


def test_a_code_typed_with_a_space_is_accepted(editor_client, editor):
    editor_client.get(ENROL)
    code = code_for(TOTPDevice.objects.get(user=editor))
    response = editor_client.post(ENROL, {"token": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_enrolled_staff_is_asked_for_a_code_not_a_new_enrolment(editor_client, editor):
    device = confirmed_device(editor)

    assert editor_client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    # A password alone must not be enough to add a second device.
    assert editor_client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=editor).count() == 1

    response = editor_client.post(VERIFY, {"token": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert editor_client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice(editor):
    device = confirmed_device(editor)
    code = code_for(device)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(editor)

    assert first.post(VERIFY, {"token": code})["Location"] == "/admin/"
    response = second.post(VERIFY, {"token": code})

    assert response.status_code == 200
    assert second.get("/admin/")["Location"].startswith(VERIFY)


def test_repeated_wrong_codes_are_throttled_with_a_clear_message(editor_client, editor):
    device = confirmed_device(editor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    editor_client.post(VERIFY, {"token": wrong})

    response = editor_client.post(VERIFY, {"token": code_for(device)})

    assert "Too many wrong codes" in response.content.decode()
    assert editor_client.get("/admin/")["Location"].startswith(VERIFY)


def test_sign_in_through_the_admin_form_leads_to_the_second_factor():
    UserFactory(username="staff@example.org", is_staff=True).save()
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff@example.org", "password": "correct horse battery staple", "next": "/admin/"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2Fadmin%2F"
    assert response.status_code == 200


def test_next_never_leads_to_another_site(editor_client, editor):
    device = confirmed_device(editor)
    response = editor_client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/admin/"})
    assert response["Location"] == "/admin/"


def test_public_pages_and_admin_sign_out_need_no_second_factor(editor_client):
    assert editor_client.get("/").status_code == 200
    response = editor_client.post("/admin/logout/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in editor_client.session


def test_officers_are_not_asked_for_a_second_factor(officer_a_client):
    response = officer_a_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert officer_a_client.get(ENROL).status_code == 403
    assert officer_a_client.get(VERIFY).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(ENROL)["Location"].startswith(reverse("login"))
    assert client.get(VERIFY)["Location"].startswith(reverse("login"))


def test_with_the_setting_off_staff_reach_the_admin_with_a_password_alone(editor_client, settings):
    settings.STAFF_REQUIRE_OTP = False
    assert editor_client.get("/admin/").status_code == 200

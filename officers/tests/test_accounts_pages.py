"""Sign-in, sign-out, password change and password reset, in the portal's own templates."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client

from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "the officer's own password"
NEW_PASSWORD = "a brand new password for the portal"
LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")


def _with_password(user, password: str = PASSWORD):
    user = get_user_model().objects.get(pk=user.pk)
    user.set_password(password)
    user.save()
    return user


@pytest.fixture
def officer_login(db):
    officer = OfficerFactory(full_name="Hoang Quoc Trung", email="trung@example.org")
    PlacementFactory(officer=officer)
    officer.user = _with_password(UserFactory(username="trung@example.org"))
    officer.save()
    return officer.user


def _signed_in_as(client: Client):
    return get_user_model().objects.filter(pk=client.session.get("_auth_user_id")).first()


def _no_inline_style_or_script(page: str) -> None:
    assert "style=" not in page
    assert "<script" not in page
    assert not re.search(r"\son[a-z]+=", page)


def test_sign_in_page_is_the_portals_own(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ASEAN Attachment Programme" in page  # the portal's base template
    assert 'name="username"' in page and 'name="password"' in page
    assert 'href="/accounts/password_reset/"' in page
    _no_inline_style_or_script(page)


def test_officer_signs_in_and_lands_on_their_placement(client, officer_login):
    response = client.post("/accounts/login/", {"username": "trung@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    assert _signed_in_as(client) == officer_login
    assert "Welcome, Hoang Quoc Trung" in client.get("/my/").content.decode()


def test_sign_in_returns_to_the_page_asked_for(client, officer_login):
    response = client.post(
        "/accounts/login/?next=/my/profile/",
        {"username": "trung@example.org", "password": PASSWORD, "next": "/my/profile/"},
    )
    assert response["Location"] == "/my/profile/"


def test_sign_in_never_sends_to_another_site(client, officer_login):
    response = client.post(
        "/accounts/login/", {"username": "trung@example.org", "password": PASSWORD, "next": "https://evil.example"}
    )
    assert response["Location"] == "/my/"


def test_wrong_password_is_refused_with_a_message(client, officer_login):
    response = client.post("/accounts/login/", {"username": "trung@example.org", "password": "not it"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert _signed_in_as(client) is None


def test_staff_member_signing_in_lands_on_the_no_officer_page_with_the_admin_link(client, editor):
    _with_password(editor)
    response = client.post("/accounts/login/", {"username": "editor@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/my/", 302)]
    page = response.content.decode()
    assert "No officer record is linked to your login" in page
    assert 'href="/admin/"' in page


def test_sign_out_is_a_post_and_ends_the_session(client, officer_login):
    client.post("/accounts/login/", {"username": "trung@example.org", "password": PASSWORD})
    assert client.get("/accounts/logout/").status_code == 405
    assert _signed_in_as(client) == officer_login

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client) is None
    assert client.get("/my/").status_code == 302


def test_signed_in_pages_offer_sign_out_as_a_form(client, officer_login):
    client.force_login(officer_login)
    page = client.get("/my/").content.decode()
    assert '<form method="post" action="/accounts/logout/"' in page


def test_logged_out_template_renders_in_the_portal_layout(rf):
    page = render_to_string("registration/logged_out.html", request=rf.get("/accounts/logout/"))
    assert "You are signed out" in page
    assert 'href="/accounts/login/"' in page


def test_password_change_needs_sign_in(client):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_officer_changes_their_password(client, officer_login):
    client.force_login(officer_login)
    form = client.get("/accounts/password_change/")
    assert form.status_code == 200
    _no_inline_style_or_script(form.content.decode())

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/accounts/password_change/done/"
    assert "Your password is changed" in client.get("/accounts/password_change/done/").content.decode()
    officer_login.refresh_from_db()
    assert officer_login.check_password(NEW_PASSWORD)


def test_password_change_with_the_wrong_old_password_is_refused(client, officer_login):
    client.force_login(officer_login)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    officer_login.refresh_from_db()
    assert officer_login.check_password(PASSWORD)


def test_a_short_new_password_is_refused(client, officer_login):
    client.force_login(officer_login)
    response = client.post(
        "/accounts/password_change/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_password_reset_end_to_end(client, officer_login):
    form = client.get("/accounts/password_reset/")
    assert form.status_code == 200
    _no_inline_style_or_script(form.content.decode())

    response = client.post("/accounts/password_reset/", {"email": "TRUNG@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert "Check your email" in client.get("/accounts/password_reset/done/").content.decode()

    [message] = mail.outbox
    assert message.to == ["trung@example.org"]
    assert message.subject == "Set a new password for the ASEAN Attachment Programme portal"
    assert "Your login: trung@example.org" in message.body
    link = LINK.search(message.body).group(1)

    set_password_url = client.get(link)["Location"]
    confirm = client.get(set_password_url)
    assert "Choose your password" in confirm.content.decode()
    assert "trung@example.org" in confirm.content.decode()
    _no_inline_style_or_script(confirm.content.decode())
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/reset/done/"
    assert "Your password is set" in client.get("/accounts/reset/done/").content.decode()

    fresh = Client()
    assert fresh.post("/accounts/login/", {"username": "trung@example.org", "password": PASSWORD}).status_code == 200
    response = fresh.post("/accounts/login/", {"username": "trung@example.org", "password": NEW_PASSWORD})
    assert response["Location"] == "/my/"


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, officer_login):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_a_forged_reset_link_is_refused_clearly(client, officer_login):
    response = client.get("/accounts/reset/MQ/forged-token/")
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()
    assert 'href="/accounts/password_reset/"' in response.content.decode()

import re
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client, RequestFactory

from officers.admin.invitations import invite_selected_officers
from officers.models import Officer
from officers.services.invitations import InvitationError, invite_officer
from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver"
NEW_PASSWORD = "a long new password for the portal"
LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def invitee(db) -> Officer:
    """An officer of a current batch, with an email address and no login yet."""
    officer = OfficerFactory(full_name="Htet Htet Htoo", honorific="Ms.", country="MM", email="Htet@Example.org")
    PlacementFactory(officer=officer, supervisor_name="Director of the Division")
    return Officer.objects.get(pk=officer.pk)


@pytest.fixture
def invite(editor, django_capture_on_commit_callbacks):
    """Invite as the editor and let the mail go, as it does once the invitation commits."""

    def _invite(officer: Officer):
        with django_capture_on_commit_callbacks(execute=True):
            return invite_officer(officer=officer, by=editor, base_url=BASE_URL)

    return _invite


def _link_in(message) -> str:
    return LINK.search(message.body).group(1)


def _set_password_through(client: Client, link: str) -> None:
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token out of the URL into the session
    form_url = response["Location"]
    assert client.get(form_url).context["validlink"] is True
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"


# The service


def test_invitation_creates_a_login_named_by_the_email_and_links_it(invitee, invite):
    invitation = invite(invitee)

    invitee.refresh_from_db()
    assert invitation.account_created is True
    assert invitee.user == invitation.user
    assert invitee.user.username == "htet@example.org"
    assert invitee.user.email == "htet@example.org"
    assert invitee.user.is_staff is False


def test_invitation_emails_a_set_your_password_link_to_the_officer(invitee, invite):
    invite(invitee)

    [message] = mail.outbox
    assert message.to == ["htet@example.org"]
    assert message.subject == "Your login to the ASEAN Attachment Programme portal"
    assert "Dear Ms. Htet Htet Htoo," in message.body
    assert "Your login: htet@example.org" in message.body
    assert "within 7 days" in message.body
    assert "http://testserver/accounts/password_reset/" in message.body
    assert _link_in(message).startswith("/accounts/reset/")


def test_invitation_mail_leaves_only_when_the_login_is_committed(invitee, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invite_officer(officer=invitee, by=editor, base_url=BASE_URL)
    # Not committed (the test's transaction never is): nothing has left yet.
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_inviting_twice_sends_two_links_and_keeps_one_account(invitee, invite):
    first, second = invite(invitee), invite(invitee)

    assert first.user == second.user
    assert second.account_created is False
    assert get_user_model().objects.filter(username="htet@example.org").count() == 1
    assert len(mail.outbox) == 2
    # The newer link works.
    _set_password_through(Client(), _link_in(mail.outbox[1]))


def test_officer_without_email_is_reported_and_nothing_happens(editor, invite):
    officer = OfficerFactory(full_name="No Address", email="")

    with pytest.raises(InvitationError, match="No Address has no email address"):
        invite(officer)

    officer.refresh_from_db()
    assert officer.user is None
    assert mail.outbox == []


def test_invitation_is_recorded_in_the_history_with_who_sent_it(invitee, editor, invite):
    invite(invitee)
    latest = invitee.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Invited to sign in"


def test_reinviting_after_the_email_changed_moves_the_login_to_the_new_address(invitee, invite):
    user = invite(invitee).user
    Officer.objects.filter(pk=invitee.pk).update(email="htet.new@example.org")

    invitation = invite(invitee)

    user.refresh_from_db()
    assert invitation.user == user
    assert (user.username, user.email) == ("htet.new@example.org", "htet.new@example.org")
    assert mail.outbox[-1].to == ["htet.new@example.org"]


def test_an_unlinked_login_with_the_same_address_is_reused(invitee, invite):
    leftover = UserFactory(username="htet@example.org")

    invitation = invite(invitee)

    assert invitation.user == leftover
    assert invitation.account_created is False
    assert get_user_model().objects.count() == 2  # the editor and the officer


def test_a_staff_login_with_the_same_address_is_never_taken_over(invitee, invite):
    UserFactory(username="htet@example.org", is_staff=True)

    with pytest.raises(InvitationError, match="is a staff login"):
        invite(invitee)

    invitee.refresh_from_db()
    assert invitee.user is None
    assert mail.outbox == []


def test_a_staff_login_linked_to_the_officer_gets_no_link(invitee, invite):
    invitee.user = UserFactory(username="secretariat.staff", is_staff=True)
    invitee.save()

    with pytest.raises(InvitationError, match="is a staff login"):
        invite(invitee)
    assert mail.outbox == []


def test_the_login_of_another_officer_is_not_taken(invitee, officer_b, invite):
    officer_b.user.username = "htet@example.org"
    officer_b.user.save()

    with pytest.raises(InvitationError, match="already the login of another officer, Officer Bravo"):
        invite(invitee)


def test_a_deactivated_login_is_reported(invitee, invite):
    invite(invitee)
    get_user_model().objects.filter(username="htet@example.org").update(is_active=False)

    with pytest.raises(InvitationError, match="deactivated"):
        invite(invitee)
    assert len(mail.outbox) == 1


def test_an_address_that_cannot_be_a_username_is_reported(invite):
    officer = OfficerFactory(full_name="Quote Officer", email="o'brien@example.org")
    with pytest.raises(InvitationError, match="cannot be used as a login"):
        invite(officer)
    assert not get_user_model().objects.filter(email="o'brien@example.org").exists()


# End to end: invitation, set a password, sign in, see the placement


def test_invited_officer_sets_a_password_signs_in_and_reaches_their_placement(invitee, invite):
    invite(invitee)
    client = Client()

    _set_password_through(client, _link_in(mail.outbox[0]))
    assert "Your password is set" in client.get("/accounts/reset/done/").content.decode()
    response = client.post("/accounts/login/", {"username": "htet@example.org", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/my/"
    page = client.get("/my/").content.decode()
    assert "Welcome, Ms. Htet Htet Htoo" in page
    assert "Director of the Division" in page


def test_a_used_invitation_link_no_longer_works(invitee, invite):
    invite(invitee)
    link = _link_in(mail.outbox[0])
    _set_password_through(Client(), link)

    response = Client().get(link)

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "This link no longer works" in response.content.decode()


def test_an_invited_officer_whose_link_expired_can_ask_for_a_new_one(invitee, invite, settings):
    invite(invitee)
    mail.outbox.clear()

    Client().post("/accounts/password_reset/", {"email": "htet@example.org"})

    [message] = mail.outbox
    assert message.to == ["htet@example.org"]
    _set_password_through(Client(), _link_in(message))


# The admin action


def _admin_request(user):
    request = RequestFactory().post("/admin/officers/officer/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_admin_action_needs_the_change_permission_and_names_itself():
    assert list(invite_selected_officers.allowed_permissions) == ["change"]
    assert invite_selected_officers.short_description == "Invite selected officers to sign in"


def test_admin_action_invites_each_officer_and_reports_every_one(invitee, editor, django_capture_on_commit_callbacks):
    no_email = OfficerFactory(full_name="No Address", email="")
    request = _admin_request(editor)

    with django_capture_on_commit_callbacks(execute=True):
        invite_selected_officers(
            admin.ModelAdmin(Officer, admin.site), request, Officer.objects.filter(pk__in=[invitee.pk, no_email.pk])
        )

    reports = [(m.level_tag, str(m)) for m in get_messages(request)]
    assert reports == [
        ("success", "Htet Htet Htoo: login created and invitation sent to htet@example.org."),
        (
            "error",
            "Not invited: No Address has no email address: add one to their record, then invite them again.",
        ),
    ]
    assert [m.to for m in mail.outbox] == [["htet@example.org"]]
    assert LINK.search(mail.outbox[0].body)


def test_admin_action_reports_a_repeat_invitation(invitee, editor, invite):
    invite(invitee)
    request = _admin_request(editor)

    invite_selected_officers(admin.ModelAdmin(Officer, admin.site), request, Officer.objects.filter(pk=invitee.pk))

    [report] = get_messages(request)
    assert str(report) == "Htet Htet Htoo: a new set-your-password link was sent to htet@example.org."


def test_admin_action_reports_a_mail_server_failure(invitee, editor):
    request = _admin_request(editor)
    with mock.patch("officers.admin.invitations.invite_officer", side_effect=ConnectionRefusedError):
        invite_selected_officers(admin.ModelAdmin(Officer, admin.site), request, Officer.objects.filter(pk=invitee.pk))

    [report] = get_messages(request)
    assert report.level_tag == "error"
    assert "the email could not be sent" in str(report)


def test_editor_invites_from_the_officer_list_in_the_admin(editor_client, django_capture_on_commit_callbacks):
    with_email = OfficerFactory(email="new.officer@example.org", user=None)
    without_email = OfficerFactory(email="", user=None, full_name="No Address")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/officers/officer/",
            {"action": "invite_selected_officers", "_selected_action": [with_email.pk, without_email.pk]},
            follow=True,
        )
    messages = [str(m) for m in response.context["messages"]]
    assert any("No Address" in m for m in messages), messages
    assert [m.to for m in mail.outbox] == [["new.officer@example.org"]]
    assert Officer.objects.get(pk=with_email.pk).user.username == "new.officer@example.org"
    assert Officer.objects.get(pk=without_email.pk).user is None


def test_a_viewer_cannot_invite_from_the_admin(viewer_client):
    officer = OfficerFactory(email="someone@example.org", user=None)
    viewer_client.post(
        "/admin/officers/officer/", {"action": "invite_selected_officers", "_selected_action": [officer.pk]}
    )
    assert not mail.outbox
    assert Officer.objects.get(pk=officer.pk).user is None

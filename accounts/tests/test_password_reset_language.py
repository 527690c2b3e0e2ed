"""The password-reset mail is written in the language the person chose, not in the language of the
page they asked for it from, and its link still opens the page that sets the new password."""

import re

import pytest
from django.core import mail

from accounts.language import remember_language
from officers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# locale/vi/LC_MESSAGES/django.po, for templates/registration/password_reset_subject.txt and _email.html.
VIETNAMESE_SUBJECT = "Đặt mật khẩu mới cho cổng thông tin Chương trình Biệt phái ASEAN"
VIETNAMESE_OPEN_THE_LINK = "Hãy mở đường dẫn này để chọn mật khẩu mới:"
ENGLISH_SUBJECT = "Set a new password for the ASEAN Attachment Programme portal"
ENGLISH_OPEN_THE_LINK = "Open this link to choose your new password:"
LINK = re.compile(r"http://testserver(/\S*/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def user():
    user = UserFactory(username="lan@example.org", email="lan@example.org")
    user.set_password("an old password of hers")
    user.save()
    return user


def ask_for_a_reset(client, page: str) -> mail.EmailMessage:
    """Fill in the reset page at `page` as a person would, and return the one mail it sent."""
    assert client.get(page).status_code == 200
    response = client.post(page, {"email": "lan@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    return message


def test_someone_who_chose_vietnamese_gets_the_mail_in_vietnamese_from_the_english_page(client, user):
    remember_language(user=user, language="vi")

    message = ask_for_a_reset(client, "/accounts/password_reset/")

    assert message.to == ["lan@example.org"]
    assert message.subject == VIETNAMESE_SUBJECT
    assert VIETNAMESE_OPEN_THE_LINK in message.body
    assert ENGLISH_OPEN_THE_LINK not in message.body
    # The link opens the set-password page, in Vietnamese.
    link = LINK.search(message.body).group(1)
    assert link.startswith("/vi/accounts/reset/")
    set_password = client.get(link)
    assert set_password.status_code == 302
    page = client.get(set_password["Location"])
    assert page.status_code == 200
    assert page["Content-Language"] == "vi"
    assert "lan@example.org" in page.content.decode()


def test_someone_who_never_chose_gets_english_even_from_the_khmer_page(client, user):
    message = ask_for_a_reset(client, "/km/accounts/password_reset/")

    assert message.subject == ENGLISH_SUBJECT
    assert ENGLISH_OPEN_THE_LINK in message.body
    link = LINK.search(message.body).group(1)
    assert link.startswith("/accounts/reset/")
    page = client.get(client.get(link)["Location"])
    assert page.status_code == 200
    assert page["Content-Language"] == "en-gb"


def test_the_khmer_reset_page_stays_in_khmer_after_sending(client, user):
    # Only the mail follows the person's language; the pages follow the address.
    response = client.post("/km/accounts/password_reset/", {"email": "lan@example.org"})

    assert response["Location"] == "/km/accounts/password_reset/done/"
    assert client.get(response["Location"])["Content-Language"] == "km"

"""The query budgets of the staff second-factor pages: each reads the signed-in staff member's own
devices only, however many other staff have enrolled."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from officers.tests.factories import UserFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:otp-enrol")
VERIFY = reverse("accounts:otp-verify")

SESSION_AND_USER = 2  # the session, the signed-in user
HAS_CONFIRMED_DEVICE = 1  # whether the staff member already has a confirmed authenticator app


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.STAFF_REQUIRE_OTP = True


def other_staff_enrolled(count: int) -> None:
    """`count` other staff members, half with a confirmed device and half part-way through enrolling."""
    users = UserFactory.create_batch(count, is_staff=True)
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="Authenticator app", confirmed=bool(n % 2)) for n, user in enumerate(users)
    )


@pytest.mark.parametrize("others", RECORD_COUNTS)
def test_enrolment_page_query_count_does_not_grow(editor, editor_client, django_assert_num_queries, others):
    other_staff_enrolled(others)
    # savepoint, the staff member's unconfirmed device (none yet), its creation, release; the new device
    # already knows its user, whose username names the account in the app
    first_device = 4
    with django_assert_num_queries(SESSION_AND_USER + HAS_CONFIRMED_DEVICE + first_device):
        first = editor_client.get(ENROL)
    # A reload shows the same device: savepoint, the unconfirmed device, release, and the device's user
    # for the account name.
    same_device = 4
    with django_assert_num_queries(SESSION_AND_USER + HAS_CONFIRMED_DEVICE + same_device):
        reload = editor_client.get(ENROL)
    assert first.context["secret"] == reload.context["secret"]
    assert TOTPDevice.objects.filter(user=editor).count() == 1


@pytest.mark.parametrize("others", RECORD_COUNTS)
def test_code_page_query_count_does_not_grow(editor, editor_client, django_assert_num_queries, others):
    other_staff_enrolled(others)
    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    with django_assert_num_queries(SESSION_AND_USER + HAS_CONFIRMED_DEVICE):
        response = editor_client.get(VERIFY)
    assert response.status_code == 200
    assert "Enter your code" in response.content.decode()

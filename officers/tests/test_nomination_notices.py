"""Focal points are told when a call opens for their country and, once, when it is about to close:
however often the scheduler runs the command, no notice goes out twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from officers.models.nominations import NominationNotice
from officers.services.nomination_notices import send_nomination_notices
from officers.tests.factories import OrganisationFactory
from officers.tests.nomination_factories import CallForNominationsFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_notices(django_capture_on_commit_callbacks):
    """Run the notices as the scheduler does, the mail leaving as each notice's record is committed
    (a test's transaction never commits on its own)."""

    def send(**options) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_nomination_notices(**options)

    return send


def subjects() -> list[str]:
    return sorted(message.subject for message in mail.outbox)


@pytest.fixture
def lao_focal_point():
    return FocalPointFactory(full_name="Khamla Focal", email="khamla@mofa.example.la")


def test_a_focal_point_is_told_once_that_a_call_opened_for_their_country(lao_focal_point, send_notices):
    call = CallForNominationsFactory(places={"LA": 3}, closes_at=timezone.now() + timedelta(days=10))
    assert send_notices() == 1
    (sent,) = mail.outbox
    assert sent.to == ["khamla@mofa.example.la"]
    assert sent.subject == f"Call for nominations open: {call.batch}"
    assert "Dear Khamla Focal," in sent.body
    assert "Your country has 3 places." in sent.body
    assert "(Jakarta time)" in sent.body
    assert "/nominate/" in sent.body

    assert send_notices() == 0
    assert len(mail.outbox) == 1


def test_the_closing_notice_goes_out_once_within_48_hours_of_the_deadline(lao_focal_point, send_notices):
    closes = timezone.now() + timedelta(days=5)
    call = CallForNominationsFactory(closes_at=closes)
    send_notices()
    assert subjects() == [f"Call for nominations open: {call.batch}"]

    assert send_notices(now=closes - timedelta(hours=49)) == 0
    assert send_notices(now=closes - timedelta(hours=47)) == 1
    assert send_notices(now=closes - timedelta(hours=2)) == 0
    assert subjects() == [f"Call for nominations open: {call.batch}", f"Nominations close soon: {call.batch}"]
    assert "closes on" in mail.outbox[-1].body


def test_a_call_first_seen_in_its_last_48_hours_sends_both_notices_once(lao_focal_point, send_notices):
    CallForNominationsFactory(closes_at=timezone.now() + timedelta(hours=20))
    assert send_notices() == 2
    assert send_notices() == 0
    assert len(mail.outbox) == 2


def test_no_notice_for_a_call_not_open_or_already_closed(lao_focal_point, send_notices):
    now = timezone.now()
    CallForNominationsFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    CallForNominationsFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(hours=1))
    assert send_notices() == 0
    assert mail.outbox == []


def test_only_focal_points_of_a_country_with_places_who_can_sign_in_are_told(lao_focal_point, send_notices):
    FocalPointFactory(organisation=OrganisationFactory(country="KH"))
    FocalPointFactory(user=None)
    deactivated = FocalPointFactory()
    deactivated.user.is_active = False
    deactivated.user.save()
    CallForNominationsFactory(places={"LA": 2, "KH": 0})
    assert send_notices() == 1
    assert [message.to for message in mail.outbox] == [["khamla@mofa.example.la"]]


def test_a_notice_leaves_only_after_it_is_recorded(lao_focal_point, django_capture_on_commit_callbacks):
    CallForNominationsFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_nomination_notices()
    assert mail.outbox == []
    assert NominationNotice.objects.filter(focal_point=lao_focal_point).count() == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_the_command_says_how_many_notices_it_sent(lao_focal_point, capsys, django_capture_on_commit_callbacks):
    CallForNominationsFactory()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_nomination_notices")
    assert capsys.readouterr().out.splitlines() == ["Nomination notices sent: 1.", "Nomination notices sent: 0."]
    assert len(mail.outbox) == 1

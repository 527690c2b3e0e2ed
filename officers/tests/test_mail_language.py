"""Every mail the portal sends a person is in the language they chose: subject, body, dates and the
links to the portal's pages, whatever language the person who caused the mail was reading. Someone
who never chose, or has no login, gets English.

The subjects are checked against a small catalogue of this test's own, placed before the project's,
so the tests do not wait on the translators' progress; dates come from Django's own catalogues."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polib
import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from accounts.language import remember_language
from officers.models import (
    AttachmentReport,
    CareerMilestone,
    NominationState,
    Organisation,
    PlacementOutcome,
    ReportKind,
    ReportState,
)
from officers.services.attachment import propose_objectives
from officers.services.career_updates import propose_career_update, publish_career_updates
from officers.services.invitations import invite_officer
from officers.services.nominations import decide_nomination
from officers.services.reminders import send_reminders
from officers.tests.attachment_factories import RequiredReportFactory, SupervisedPlacementFactory
from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory
from officers.tests.nomination_factories import NominationFactory

pytestmark = pytest.mark.django_db

INVITATION_SUBJECT = {
    "en-gb": "Your login to the ASEAN Attachment Programme portal",
    "vi": "Tài khoản đăng nhập của bạn vào cổng thông tin Chương trình Biệt phái ASEAN",
}
DECISION_SUBJECT_KM = "ការតែងតាំង %(name)s៖ %(decision)s"
RESET_LINK = re.compile(r"http://testserver(/(?:[a-z-]+/)?accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def catalogues(settings, tmp_path):
    """Vietnamese and Khmer for the subjects these tests read, ahead of the project's catalogues."""
    entries = {
        "vi": {INVITATION_SUBJECT["en-gb"]: INVITATION_SUBJECT["vi"]},
        "km": {"Nomination of %(name)s: %(decision)s": DECISION_SUBJECT_KM},
    }
    for language, messages in entries.items():
        catalogue = polib.POFile()
        catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
        for msgid, msgstr in messages.items():
            catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        folder = tmp_path / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    """Call a service and let its mail go, as it does once the service's transaction commits."""

    def run(service, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**arguments)

    return run


def _invitee(*, language: str | None):
    """An officer invited before (so with a login), who chose `language` since, or never chose."""
    user = UserFactory(username="thao@example.org")
    if language:
        remember_language(user=user, language=language)
    officer = OfficerFactory(full_name="Nguyen Thi Thao", country="VN", email="thao@example.org", user=user)
    PlacementFactory(officer=officer)
    return officer


# Invitations and sign-in links


def test_an_officer_who_chose_vietnamese_is_invited_in_vietnamese(editor, run_after_commit):
    officer = _invitee(language="vi")

    run_after_commit(invite_officer, officer=officer, by=editor, base_url="http://testserver")

    (message,) = mail.outbox
    assert message.subject == INVITATION_SUBJECT["vi"]
    assert RESET_LINK.search(message.body).group(1).startswith("/vi/accounts/reset/")


def test_the_link_in_a_vietnamese_invitation_opens_the_set_password_page_in_vietnamese(
    client, editor, run_after_commit
):
    run_after_commit(invite_officer, officer=_invitee(language="vi"), by=editor, base_url="http://testserver")
    link = RESET_LINK.search(mail.outbox[0].body).group(1)

    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert response.context["validlink"] is True
    assert response.wsgi_request.LANGUAGE_CODE == "vi"


def test_an_officer_who_never_chose_is_invited_in_english_even_by_staff_reading_another_language(
    editor, run_after_commit
):
    officer = _invitee(language=None)

    with translation.override("vi"):
        run_after_commit(invite_officer, officer=officer, by=editor, base_url="http://testserver")

    (message,) = mail.outbox
    assert message.subject == INVITATION_SUBJECT["en-gb"]
    assert RESET_LINK.search(message.body).group(1).startswith("/accounts/reset/")


# Nominations


def test_a_focal_point_who_chose_khmer_hears_of_a_decision_in_khmer(editor, run_after_commit, settings):
    nomination = NominationFactory(state=NominationState.SHORTLISTED, full_name="Sok Dara")
    remember_language(user=nomination.focal_point.user, language="km")

    run_after_commit(
        decide_nomination, nomination=nomination, decision=NominationState.SELECTED, reason="Interviewed.", by=editor
    )

    (message,) = mail.outbox
    with translation.override("km"):
        selected = str(NominationState.SELECTED.label)
    assert message.subject == DECISION_SUBJECT_KM % {"name": "Sok Dara", "decision": selected}
    assert f"{settings.PORTAL_URL}/km/nominate/" in message.body


# The attachment year


def test_a_supervisor_without_a_login_is_written_to_in_english_whatever_the_officer_reads(run_after_commit, settings):
    placement = SupervisedPlacementFactory(supervised_by__user=None, supervised_by__email="siti@asean.example.org")
    remember_language(user=placement.officer.user, language="vi")

    with translation.override("vi"):
        run_after_commit(
            propose_objectives, placement=placement, officer=placement.officer, text="Learn how the Secretariat works."
        )

    (message,) = mail.outbox
    assert message.to == ["siti@asean.example.org"]
    assert message.subject.startswith("Objectives to agree: ")
    assert f"{settings.PORTAL_URL}/supervise/" in message.body
    assert "/vi/" not in message.body


# Reminders


def test_a_report_reminder_gives_its_date_and_link_in_the_officers_language(run_after_commit, settings):
    officer = OfficerFactory(email="thao@example.org", user=UserFactory(username="thao@example.org"))
    remember_language(user=officer.user, language="vi")
    placement = PlacementFactory(officer=officer, outcome=PlacementOutcome.ACTIVE)
    AttachmentReport.objects.create(
        placement=placement,
        kind=ReportKind.OTHER,
        requirement=RequiredReportFactory(track=placement.batch.track),
        due_on=date(2027, 3, 17),
        state=ReportState.DUE,
    )

    run_after_commit(send_reminders, now=datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))

    (message,) = [m for m in mail.outbox if m.to == ["thao@example.org"]]
    with translation.override("vi"):
        due = date_format(date(2027, 3, 17), "DATE_FORMAT")  # the language's own: "17 tháng 3 năm 2027"
    assert due in message.subject
    assert due in message.body
    assert "March" not in message.subject + message.body
    assert f"{settings.PORTAL_URL}/vi/my/" in message.body


# Career updates


def test_a_graduate_who_chose_vietnamese_hears_of_a_published_step_in_vietnamese(
    officer_a, editor, run_after_commit, settings
):
    remember_language(user=officer_a.user, language="vi")
    organisation = Organisation.objects.create(name="Ministry of Foreign Affairs", country=officer_a.country)
    step = propose_career_update(
        officer=officer_a,
        by=officer_a.user,
        title="Director, ASEAN Department",
        kind="appointment",
        date=date(2024, 3, 1),
        date_precision="month",
        organisation=organisation,
    )

    run_after_commit(publish_career_updates, milestones=CareerMilestone.objects.filter(pk=step.pk), by=editor)

    (message,) = mail.outbox
    with translation.override("vi"):
        month = date_format(date(2024, 3, 1), "YEAR_MONTH_FORMAT")  # "tháng 3 năm 2024"
    assert f"Director, ASEAN Department, Ministry of Foreign Affairs ({month})" in message.body
    assert f"{settings.PORTAL_URL}/vi/my/career/" in message.body

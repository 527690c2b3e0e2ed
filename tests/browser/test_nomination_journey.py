"""From a call to an enrolled officer: an editor opens a call for the 31st Batch; the focal point of a
Lao ministry nominates two officers with their CVs and letters; the editor shortlists both, selects
one and enrols her; she is invited, chooses her password and signs in to /my/."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import CallForNominations, Nomination, NominationState, Officer
from officers.tests.factories import OrganisationFactory, UserFactory
from officers.tests.nomination_factories import FocalPointFactory, pdf_bytes
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.steps import PASSWORD, choose_in_autocomplete, save_new_record, sign_in_to_admin, step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

NOMINEES = [("Chanthala Sisouk", "chanthala.sisouk@example.org"), ("Phouvong Keola", "phouvong.keola@example.org")]


@pytest.fixture
def programme(db):
    track = ProgrammeTrackFactory(slug="junior-diplomats", short_name="Junior Diplomats")
    BatchFactory(track=track, number=31, start_date=None, end_date=None)
    DivisionFactory(name="Political-Security Division")
    ministry = OrganisationFactory(name="Ministry of Foreign Affairs", country="LA")
    return FocalPointFactory(
        full_name="Vilay Phommachanh",
        email="vilay@mofa.gov.la.example.org",
        organisation=ministry,
        user=UserFactory(username="vilay@mofa.gov.la.example.org"),
    )


def in_jakarta(days: int) -> tuple[str, str]:
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.date().isoformat(), moment.strftime("%H:%M:%S")


def run_action(page, rows: list[str], action: str) -> None:
    for name in rows:
        page.get_by_role("row", name=re.compile(name)).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def test_a_call_becomes_an_enrolled_officer_who_signs_in(new_page, programme, editor, tmp_path):
    focal_point = programme
    admin = new_page(DESKTOP)
    with step(admin, "the editor opens a call for the 31st Batch, with two places for Lao PDR"):
        sign_in_to_admin(admin, editor.username)
        admin.get_by_role("link", name="Calls for nominations", exact=True).click()
        admin.get_by_role("link", name="Add call for nominations").click()
        choose_in_autocomplete(admin, "id_batch", search="31", option="Junior Diplomats: 31st Batch")
        opens, closes = in_jakarta(-1), in_jakarta(14)
        admin.locator("#id_opens_at_0").fill(opens[0])
        admin.locator("#id_opens_at_1").fill(opens[1])
        admin.locator("#id_closes_at_0").fill(closes[0])
        admin.locator("#id_closes_at_1").fill(closes[1])
        admin.get_by_label("Eligibility:").fill("Officers of a foreign ministry, under 35, with working English.")
        row = admin.locator("tr.form-row").filter(has=admin.locator("option[selected][value='LA']"))
        row.locator("input[name$='-places']").fill("2")
        save_new_record(admin)
    call = CallForNominations.objects.get()
    assert call.is_open() and call.places_for("LA") == 2, f"the call was saved as {call} ({admin.url})"

    nominating = new_page(PHONE)
    with step(nominating, "the Lao focal point signs in and sees the open call"):
        nominating.goto("/accounts/login/")
        nominating.get_by_label("Username").fill(focal_point.user.username)
        nominating.get_by_label("Password").fill(PASSWORD)
        nominating.get_by_role("button", name="Sign in").click()
        nominating.wait_for_url("**/nominate/")
        expect(nominating.locator("main")).to_contain_text("31st Batch")
    for number, (name, email) in enumerate(NOMINEES):
        with step(nominating, f"the focal point nominates {name} with a CV and a letter, and submits"):
            nominating.goto("/nominate/")
            nominating.get_by_role("link", name="Nominate an officer").click()
            nominating.get_by_label("Full name in Latin script").fill(name)
            nominating.get_by_label("Female" if number == 0 else "Male", exact=True).check()
            nominating.get_by_label("Ministry or agency").select_option(label="Ministry of Foreign Affairs")
            nominating.get_by_label("Position").fill("Third Secretary")
            nominating.get_by_label("Email").fill(email)
            nominating.get_by_label("Languages").fill("Lao, English")
            for label, file_name, pages in (("CV", "cv.pdf", 2), ("Nomination letter", "letter.pdf", 1)):
                document = tmp_path / f"{number}-{file_name}"
                document.write_bytes(pdf_bytes(pages))
                nominating.get_by_label(label).set_input_files(document)
            nominating.get_by_role("button", name="Save the draft").click()
            nominating.get_by_role("button", name="Submit the nomination").click()
            expect(nominating.locator(".messages")).to_be_visible()
    screenshot(nominating, "nominate-journey-submitted")
    submitted = Nomination.objects.filter(state=NominationState.SUBMITTED)
    assert submitted.count() == 2, f"expected two submitted nominations, found {list(submitted)}"

    with step(admin, "the editor shortlists both nominations of the call"):
        admin.goto(f"/admin/officers/nomination/?call={call.pk}")
        expect(admin.locator(".portal-places")).to_contain_text("Lao PDR")
        run_action(admin, [name for name, _ in NOMINEES], "Shortlist selected nominations")
        expect(admin.locator(".messagelist .success")).to_be_visible()
    with step(admin, "the editor selects Chanthala Sisouk, with the reason"):
        run_action(admin, [NOMINEES[0][0]], "Decide on selected nominations…")
        admin.get_by_label("Selected", exact=True).check()
        admin.get_by_label("Reason").fill("Strong interview; the Political-Security Division asked for her.")
        admin.get_by_role("button", name=re.compile("Decide|Record|Save")).click()
        expect(admin.locator(".messagelist .success")).to_be_visible()
    with step(admin, "the editor enrols her in the Political-Security Division"):
        run_action(admin, [NOMINEES[0][0]], "Enrol selected nominees…")
        admin.get_by_label("ASEC division").select_option(label="Political-Security Division")
        admin.get_by_role("button", name="Enrol").click()
        expect(admin.locator(".messagelist .success")).to_be_visible()
    officer = Officer.objects.get(email=NOMINEES[0][1])
    placement = officer.placements.get()
    assert (placement.batch.number, placement.division.name) == (31, "Political-Security Division")
    assert not Officer.objects.filter(email=NOMINEES[1][1]).exists(), "only the selected nominee becomes an officer"

    with step(admin, "the editor invites the new officer to sign in"):
        admin.goto(f"/admin/officers/officer/?q={NOMINEES[0][1]}")
        run_action(admin, [NOMINEES[0][0]], "Invite selected officers to sign in")
        expect(admin.locator(".messagelist .success")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[-1].body)
    assert link, f"no set-password link in the invitation: {mail.outbox[-1].body}"

    officer_page = new_page(PHONE)
    with step(officer_page, "the officer chooses her password and signs in to /my/"):
        officer_page.goto(link.group(0))
        expect(officer_page.get_by_role("heading", level=1)).to_have_text("Choose your password")
        officer_page.locator("#id_new_password1").fill("a fresh long password 2030")
        officer_page.locator("#id_new_password2").fill("a fresh long password 2030")
        officer_page.get_by_role("button", name="Set your password").click()
        officer_page.goto("/accounts/login/")
        officer_page.get_by_label("Username").fill(NOMINEES[0][1])
        officer_page.get_by_label("Password").fill("a fresh long password 2030")
        officer_page.get_by_role("button", name="Sign in").click()
        officer_page.wait_for_url("**/my/")
        expect(officer_page.locator("main")).to_contain_text("31st Batch")
        expect(officer_page.locator("main")).to_contain_text("Political-Security Division")
    screenshot(officer_page, "nominate-journey-officer-signed-in")

"""The attachment year as one story, through the real pages: a Cambodian officer drafts objectives and
their supervisor agrees them; the officer submits the final report, the supervisor returns it with a
comment, the officer revises and resubmits it, and the supervisor signs it off; an editor completes
the placement in the admin, which issues the certificate; the officer downloads its PDF; a visitor
checks its code; the graduate tells the Secretariat about a new post, an editor checks it, and the
public profile shows it. The officer, the supervisor, the editor and the visitor each have their own
browser context. axe-core checks the officer's returned report and the visitor's verification page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.certificate_pdf import grouped_code
from officers.models import (
    CareerMilestone,
    Certificate,
    ObjectivesState,
    PlacementOutcome,
    ReportKind,
    ReportState,
)
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    SupervisedPlacementFactory,
    SupervisorFactory,
)
from officers.tests.factories import OfficerFactory, OrganisationFactory, UserFactory
from tests.browser.conftest import DESKTOP, check_accessibility
from tests.browser.steps import sign_in_to_admin, sign_in_to_portal, step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

NAME = "Sok Dara"
NAME_IN_KHMER = "សុខ ដារ៉ា"
OBJECTIVES = (
    "Learn how the ASEAN Political-Security Community Council prepares its meetings.\n"
    "Draft the minutes of two meetings of the Senior Officials."
)
RETURN_COMMENT = "Name the meetings you serviced, with their dates."
MEETINGS_REVISED = (
    "The 58th meeting of the ASEAN Senior Officials (12 March) and "
    "the 32nd meeting of the ASEAN Political-Security Community Council (4 April)."
)
NEW_POST = "Deputy Director, ASEAN Department"
MINISTRY = "Ministry of Foreign Affairs and International Cooperation"


@pytest.fixture
def placement():
    """Sok Dara's placement, in its last week: the mid-term report signed off, the final report due,
    supervised by Dr Channary Keo, who signs in to the portal."""
    today = timezone.localdate()
    ministry = OrganisationFactory(name=MINISTRY, country="KH")
    officer = OfficerFactory(
        full_name=NAME,
        name_in_own_script=NAME_IN_KHMER,
        country="KH",
        home_organisation=ministry,
        public_profile_consent=True,
        consent_changed_on=today - timedelta(days=170),
        user=UserFactory(username="sok.dara@example.org"),
    )
    placement = SupervisedPlacementFactory(
        officer=officer,
        batch=BatchFactory(
            track=ProgrammeTrackFactory(
                name="Attachment Programme for Junior Diplomats", short_name="Junior Diplomats", slug="junior"
            ),
            number=24,
            start_date=today - timedelta(days=200),
            end_date=today + timedelta(days=30),
        ),
        division=DivisionFactory(name="Political Cooperation Division", department="Political-Security Department"),
        supervised_by=SupervisorFactory(full_name="Dr Channary Keo", email="channary.keo@asean.example.org"),
        start_date=today - timedelta(days=175),
        end_date=today + timedelta(days=5),
    )
    AttachmentReportFactory(placement=placement, kind=ReportKind.MID_TERM, signed_off=True)
    return placement


def fact(container, term: str):
    """The value beside `term` in a list of facts (a <dt> and its <dd>)."""
    return container.locator("dl.facts > div").filter(has=container.page.locator("dt", has_text=term)).locator("dd")


def test_the_attachment_year_from_objectives_to_the_public_profile(new_page, placement, editor):
    officer = new_page(DESKTOP)
    supervisor = new_page(DESKTOP)
    admin = new_page(DESKTOP)
    visitor = new_page(DESKTOP)

    with step(officer, "the officer drafts objectives and proposes them to the supervisor"):
        sign_in_to_portal(officer, "sok.dara@example.org")
        officer.get_by_role("link", name="Write your objectives and propose them to your supervisor").click()
        officer.get_by_label("Your objectives").fill(OBJECTIVES)
        officer.get_by_role("button", name="Save the draft").click()
        expect(officer.locator(".messages")).to_contain_text("Your draft objectives are saved.")
        officer.get_by_role("button", name="Propose to your supervisor").click()
        expect(officer.locator(".messages")).to_contain_text("Your objectives are sent to your supervisor to agree.")
        expect(officer.get_by_role("heading", name="Your proposed objectives")).to_be_visible()

    with step(supervisor, "the supervisor reads the objectives waiting for them and agrees them"):
        sign_in_to_portal(supervisor, "channary.keo@asean.example.org", lands_on="/supervise/")
        waiting = supervisor.get_by_role("region", name="Waiting for you")
        waiting.get_by_role("link", name=f"Objectives of {NAME}").click()
        expect(supervisor.locator(".report-text")).to_contain_text("Draft the minutes of two meetings")
        supervisor.get_by_role("button", name="Agree the objectives").click()
        expect(supervisor.locator(".messages")).to_contain_text("The objectives are agreed.")

    with step(officer, "the officer sees the objectives agreed"):
        officer.goto("/my/")
        officer.get_by_role("link", name="Read your objectives").click()
        expect(officer.get_by_role("heading", name="Your agreed objectives")).to_be_visible()
        expect(officer.locator(".page-header")).to_contain_text("Agreed with your supervisor on")

    with step(officer, "the officer writes the final report and submits it"):
        officer.goto("/my/reports/")
        officer.get_by_role("link", name="Final report").click()
        expect(officer.get_by_role("heading", level=1)).to_have_text("Final report")
        officer.get_by_label("Work done").fill("Briefs for the Political Cooperation Division.")
        officer.get_by_label("Meetings serviced").fill("Two meetings of the Senior Officials.")
        officer.get_by_label("What I learned").fill("How the ten member states reach consensus.")
        officer.get_by_label("What I will take home").fill("A checklist for preparing our delegation's briefs.")
        officer.get_by_role("button", name="Save the draft").click()
        expect(officer.locator(".messages")).to_contain_text("Your draft is saved.")
        officer.get_by_role("button", name="Submit to your supervisor").click()
        expect(officer.locator(".messages")).to_contain_text("Your report is submitted to your supervisor.")

    with step(supervisor, "the supervisor returns the final report with a comment"):
        supervisor.goto("/supervise/")
        waiting = supervisor.get_by_role("region", name="Waiting for you")
        waiting.get_by_role("link", name=f"Final report of {NAME}").click()
        expect(supervisor.locator("main")).to_contain_text("Two meetings of the Senior Officials.")
        supervisor.get_by_label("Your comments").fill(RETURN_COMMENT)
        supervisor.get_by_role("button", name="Return with comments").click()
        expect(supervisor.locator(".messages")).to_contain_text("The report is returned to the officer")

    with step(officer, "the officer reads the comment, revises the report and submits it again"):
        officer.goto("/my/reports/")
        officer.get_by_role("link", name="Final report").click()
        comment = officer.get_by_role("region", name="Your supervisor's comments")
        expect(comment).to_contain_text(RETURN_COMMENT)
        check_accessibility(officer)
        officer.get_by_label("Meetings serviced").fill(MEETINGS_REVISED)
        officer.get_by_role("button", name="Submit to your supervisor").click()
        expect(officer.locator(".messages")).to_contain_text("Your report is submitted to your supervisor.")

    with step(supervisor, "the supervisor reads the revised report and signs it off"):
        supervisor.goto("/supervise/")
        waiting = supervisor.get_by_role("region", name="Waiting for you")
        waiting.get_by_role("link", name=f"Final report of {NAME}").click()
        expect(supervisor.get_by_role("region", name="Your earlier comments")).to_contain_text(RETURN_COMMENT)
        expect(supervisor.locator("main")).to_contain_text(MEETINGS_REVISED)
        supervisor.get_by_role("button", name="Sign off the report").click()
        expect(supervisor.locator(".messages")).to_contain_text("The report is signed off.")
        expect(supervisor.locator(".page-header")).to_contain_text("Signed off: it can no longer be changed.")

    with step(admin, "the editor completes the placement and the certificate is issued"):
        sign_in_to_admin(admin, editor.username)
        admin.goto("/admin/officers/placement/")
        admin.get_by_role("row", name=NAME).get_by_role("checkbox").check()
        admin.get_by_label("Action:").select_option(label="Mark selected placements completed (graduated)")
        admin.get_by_role("button", name="Go").click()
        issued = admin.locator(".messagelist .success")
        expect(issued).to_contain_text("Marked 1 placement completed and issued its certificate: AAP-")
        certificate = Certificate.objects.select_related("placement__batch__track").get(placement=placement)
        expect(issued).to_contain_text(f"issued its certificate: {certificate.number}.")
    placement.refresh_from_db()
    assert placement.outcome == PlacementOutcome.COMPLETED

    with step(officer, "the officer finds the certificate and downloads its PDF"):
        officer.goto("/my/certificate/")
        expect(fact(officer.locator("main"), "Certificate number")).to_have_text(certificate.number)
        with officer.expect_download() as download:
            officer.get_by_role("link", name="Download the certificate (PDF)").click()
        assert download.value.suggested_filename == f"certificate-{certificate.number}.pdf"
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"

    with step(visitor, "a visitor types the code from the certificate and is told it is genuine"):
        visitor.goto("/verify/")
        visitor.get_by_label("Verification code").fill(grouped_code(certificate.verification_code))
        visitor.get_by_role("button", name="Check").click()
        visitor.wait_for_url(f"**/verify/{certificate.verification_code}/")
        main = visitor.locator("main")
        expect(main.get_by_role("heading", level=1)).to_have_text("This certificate is genuine")
        expect(fact(main, "Holder")).to_contain_text(NAME)
        expect(fact(main, "Holder").locator("[lang=km]")).to_have_text(NAME_IN_KHMER)
        expect(fact(main, "Programme track")).to_have_text(certificate.placement.batch.track.name)
        expect(fact(main, "Batch")).to_have_text(certificate.placement.batch.label)
        expect(fact(main, "Issued on")).to_have_text(format_date(certificate.issued_on, "j F Y"))
        check_accessibility(visitor)

    with step(officer, "the graduate tells the Secretariat about a new post"):
        officer.goto("/my/career/")
        officer.get_by_label("Position or role").fill(NEW_POST)
        officer.get_by_label("Kind of step").select_option(label="Promotion")
        officer.get_by_label("Organisation:", exact=True).select_option(label=MINISTRY)
        officer.get_by_label("Year").fill(str(timezone.localdate().year))
        officer.get_by_role("button", name="Send to the Secretariat").click()
        expect(officer.locator(".messages")).to_contain_text("The Secretariat will check your new step")
        new_step = officer.locator(".timeline__item", has_text=NEW_POST)
        expect(new_step).to_contain_text("Waiting for the Secretariat")

    with step(admin, "the editor checks the new post in the career updates queue and publishes it"):
        admin.goto("/admin/")
        admin.get_by_role("link", name="Career updates to check").click()
        row = admin.locator("#result_list tbody tr", has_text=NEW_POST)
        expect(row).to_contain_text(NAME)
        row.get_by_role("checkbox").check()
        admin.get_by_label("Action:").select_option(label="Mark checked and publish")
        admin.get_by_role("button", name="Go").click()
        expect(admin.locator(".messagelist .success")).to_contain_text("Checked and published 1 career update")
    assert CareerMilestone.objects.get(title=NEW_POST).checked_by == editor

    with step(visitor, "the public profile shows the graduate's new post"):
        visitor.goto(placement.officer.get_absolute_url())
        expect(visitor.get_by_role("heading", level=1)).to_have_text(NAME)
        expect(visitor.locator(".own-script")).to_have_text(NAME_IN_KHMER)
        now = visitor.locator(".now-card")
        expect(now).to_contain_text(NEW_POST)
        expect(now).to_contain_text(MINISTRY)

    objectives = placement.objectives_agreement
    final = placement.reports.get(kind=ReportKind.FINAL)
    assert (objectives.state, final.state) == (ObjectivesState.AGREED, ReportState.SIGNED_OFF)
    assert final.signed_off_by == placement.supervised_by

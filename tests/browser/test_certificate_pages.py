"""Certificates in a browser: an editor completes a placement whose final report is not signed off,
giving the reason the admin asks for; the officer finds the certificate at /my/certificate/ and
downloads its PDF; a visitor types its code, in lower case with spaces, at /verify/ and is told it is
genuine, and a wrong code is told plainly. axe-core finds no serious or critical violation on the
officer's and the visitor's pages, at a phone's width and a desktop's; screenshots go to screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from officers.certificate_pdf import grouped_code
from officers.models import Certificate, PlacementOutcome
from officers.tests.attachment_factories import SupervisedPlacementFactory
from officers.tests.factories import OfficerFactory, UserFactory
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, screenshot
from tests.browser.steps import sign_in_to_admin, sign_in_to_portal, step

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def placement():
    """Myint Myint Khine's placement, under way, with no final report signed off."""
    officer = OfficerFactory(
        full_name="Myint Myint Khine",
        name_in_own_script="မြင့်မြင့်ခိုင်",
        country="MM",
        user=UserFactory(username="myint@example.org"),
    )
    return SupervisedPlacementFactory(officer=officer)


def test_a_completed_placement_gives_a_certificate_anyone_can_verify(
    new_page, placement, editor, staff_without_second_factor
):
    admin = new_page(DESKTOP)
    with step(admin, "the editor marks the placement completed and is asked why"):
        sign_in_to_admin(admin, editor.username)
        admin.goto("/admin/officers/placement/")
        admin.get_by_role("row", name=re.compile("Myint Myint Khine")).get_by_role("checkbox").check()
        admin.get_by_label("Action:").select_option(label="Mark selected placements completed (graduated)")
        admin.get_by_role("button", name="Go").click()
        expect(admin.locator("#content-main")).to_contain_text("is not signed off by the supervisor")
    with step(admin, "the editor gives the reason and the certificate is issued"):
        admin.get_by_label("Why complete them without a signed-off final report?").fill(
            "The supervisor signed the final report on paper."
        )
        admin.get_by_role("button", name="Complete and issue the certificates").click()
        expect(admin.locator(".messagelist .success")).to_contain_text("issued its certificate: AAP-")
    placement.refresh_from_db()
    assert placement.outcome == PlacementOutcome.COMPLETED
    certificate = Certificate.objects.get(placement=placement)

    for viewport in (PHONE, DESKTOP):
        officer = new_page(viewport)
        with step(officer, "the officer finds the certificate and downloads it"):
            sign_in_to_portal(officer, "myint@example.org")
            officer.goto("/my/certificate/")
            expect(officer.locator("main")).to_contain_text(certificate.number)
            check_accessibility(officer)
            screenshot(officer, "my-certificate")
            with officer.expect_download() as download:
                officer.get_by_role("link", name="Download the certificate (PDF)").click()
            assert download.value.suggested_filename == f"certificate-{certificate.number}.pdf"
            with open(download.value.path(), "rb") as pdf:
                assert pdf.read(5) == b"%PDF-"

        visitor = new_page(viewport)
        with step(visitor, "a visitor types the code from the paper and is told it is genuine"):
            visitor.goto("/verify/")
            check_accessibility(visitor)
            visitor.get_by_label("Verification code").fill(grouped_code(certificate.verification_code).lower())
            visitor.get_by_role("button", name="Check").click()
            visitor.wait_for_url(f"**/verify/{certificate.verification_code}/")
            main = visitor.locator("main")
            expect(main.get_by_role("heading", level=1)).to_have_text("This certificate is genuine")
            expect(main).to_contain_text("Myint Myint Khine")
            expect(main).to_contain_text("မြင့်မြင့်ခိုင်")
            check_accessibility(visitor)
            screenshot(visitor, "verify-genuine")
        with step(visitor, "a wrong code is told plainly"):
            response = visitor.goto("/verify/23456789ABCDEFGH/")
            assert response.status == 404
            expect(visitor.get_by_role("heading", level=1)).to_have_text("No certificate has this code")
            check_accessibility(visitor)
            screenshot(visitor, "verify-not-found")

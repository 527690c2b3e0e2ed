"""A focal point of a Lao ministry at a phone width and a desktop width: their nominations page, a new
nomination saved as a draft with its PDFs, a form refused with errors, and a submitted nomination.
axe-core finds no serious or critical violation on any of them, the pages load with no console error
or CSP violation (the `new_page` watch), and screenshots are kept in screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from officers.models import Nomination, NominationState
from officers.tests.factories import OrganisationFactory
from officers.tests.nomination_factories import (
    CallForNominationsFactory,
    FocalPointFactory,
    NominationFactory,
    pdf_bytes,
)
from tests.browser.conftest import DESKTOP, PHONE, audit
from tests.browser.steps import sign_in_to_portal, step

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def focal_point():
    """A Lao ministry's focal point with nominations in several states, to an open and a closed call."""
    ministry = OrganisationFactory(name="Ministry of Foreign Affairs", country="LA")
    OrganisationFactory(name="Ministry of Planning and Investment", country="LA")
    focal_point = FocalPointFactory(full_name="Khamla Vongsa", organisation=ministry)
    call = CallForNominationsFactory(batch__number=21, places={"LA": 2, "KH": 2, "MM": 2, "VN": 2})
    NominationFactory(call=call, focal_point=focal_point, full_name="Souksavanh Phommachanh", submitted=True)
    NominationFactory(call=call, focal_point=focal_point, full_name="Noy Inthavong", letter=None, letter_pages=None)
    now = timezone.now()
    closed = CallForNominationsFactory(
        batch__number=20, opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=350)
    )
    NominationFactory(call=closed, focal_point=focal_point, full_name="Bounmy Keomany", state=NominationState.SELECTED)
    return focal_point


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_focal_point_pages_have_no_serious_accessibility_violation(new_page, focal_point, viewport, tmp_path):
    page = new_page(viewport)
    problems = []
    sign_in_to_portal(page, focal_point.user.username, lands_on="/nominate/")

    with step(page, "the focal point opens their nominations"):
        page.goto("/nominate/")
        expect(page.get_by_role("heading", name="Calls open to your country")).to_be_visible()
        expect(page.get_by_role("link", name="Nominations", exact=True)).to_have_attribute("aria-current", "page")
        problems += audit(page, "nominate-home")

    with step(page, "a form saved empty is refused with the errors listed"):
        page.get_by_role("link", name="Nominate an officer").click()
        problems += audit(page, "nominate-new")
        page.get_by_role("button", name="Save the draft").click()
        expect(page.get_by_role("heading", name="The draft is not saved yet")).to_be_visible()
        problems += audit(page, "nominate-new-with-errors")

    with step(page, "a new nomination is saved as a draft with its PDFs"):
        page.get_by_label("Full name in Latin script").fill("Chanthala Sisouk")
        page.get_by_label("Female").check()
        page.get_by_label("Email").fill("chanthala.sisouk@example.org")
        page.get_by_label("Languages").fill("Lao, English")
        page.get_by_label("Position").fill("Second Secretary")
        cv, letter = tmp_path / "cv.pdf", tmp_path / "letter.pdf"
        cv.write_bytes(pdf_bytes(2))
        letter.write_bytes(pdf_bytes(1))
        page.get_by_label("CV").set_input_files(cv)
        page.get_by_label("Nomination letter").set_input_files(letter)
        page.get_by_role("button", name="Save the draft").click()
        expect(page.locator(".messages")).to_contain_text("Draft saved.")
        problems += audit(page, "nominate-draft", after_message=True)

    with step(page, "the draft is submitted, and is then read-only"):
        page.get_by_role("button", name="Submit the nomination").click()
        expect(page.locator(".messages")).to_contain_text("submitted to the Secretariat")
        problems += audit(page, "nominate-submitted", after_message=True)
    assert Nomination.objects.get(full_name="Chanthala Sisouk").state == NominationState.SUBMITTED

    assert not problems, f"At {viewport['width']} px:\n\n" + "\n\n".join(problems)


def test_other_logins_get_a_page_that_says_what_nominations_are_for(new_page, ratha):
    page = new_page(PHONE)
    sign_in_to_portal(page, ratha.user.username)
    response = page.goto("/nominate/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="This page is for nominating focal points")).to_be_visible()
    problems = audit(page, "nominate-not-a-focal-point")
    assert not problems, "\n\n".join(problems)

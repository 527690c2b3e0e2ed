"""A graduate tells the Secretariat about a new post on /my/career/; an editor checks and publishes it
from the queue; the public profile shows it. The career page, empty, refused and sent, passes axe at
phone and desktop widths, and its screenshots are kept in screenshots/."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from officers.models import CareerMilestone, PlacementOutcome
from officers.roles import EDITOR
from officers.tests.factories import UserFactory
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, screenshot
from tests.browser.steps import sign_in_to_admin, sign_in_to_portal, step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

NEW_POST = "Deputy Director-General, Department of International Cooperation"


def checked(page, name: str) -> None:
    check_accessibility(page)
    screenshot(page, name)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_graduate_sends_a_new_career_step(new_page, ratha, viewport):
    page = new_page(viewport)
    sign_in_to_portal(page, ratha.user.username)

    with step(page, "the graduate opens their career page"):
        page.goto("/my/career/")
        expect(page.get_by_role("heading", name="Your career", exact=True)).to_be_visible()
        expect(page.locator(".timeline")).to_contain_text("Director of International Cooperation Department")
        checked(page, "career page")

    with step(page, "a step dated next year is refused, with the message beside the form"):
        page.get_by_label("Position or role").fill(NEW_POST)
        page.get_by_label("Kind of step").select_option(label="Promotion")
        page.get_by_label("Name of an organisation not in the list").fill("Ministry of Social Affairs")
        page.get_by_label("Its country").select_option(label="Cambodia")
        page.get_by_label("Year").fill("2999")
        page.get_by_role("button", name="Send to the Secretariat").click()
        expect(page.get_by_role("alert")).to_contain_text("This date is in the future.")
        checked(page, "career page refused")
        assert not CareerMilestone.objects.filter(title=NEW_POST).exists()

    with step(page, "the graduate corrects the year and sends it"):
        page.get_by_label("Year").fill("2024")
        page.get_by_label("Month (if you know it)").select_option(label="June")
        page.get_by_role("button", name="Send to the Secretariat").click()
        expect(page.locator(".messages")).to_contain_text("The Secretariat will check your new step")
        new_step = page.locator(".timeline__item", has_text=NEW_POST)
        expect(new_step).to_contain_text("June 2024")
        expect(new_step).to_contain_text("Waiting for the Secretariat")
        checked(page, "career page sent")


def test_the_page_says_it_opens_at_graduation(new_page, ratha):
    ratha.placements.update(outcome=PlacementOutcome.ACTIVE)
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        sign_in_to_portal(page, ratha.user.username)
        page.goto("/my/career/")
        expect(page.get_by_role("heading", name="Your career page opens after graduation")).to_be_visible()
        checked(page, "career page before graduation")


def test_an_editor_publishes_the_step_and_the_public_profile_shows_it(new_page, ratha):
    editor = UserFactory(username="editor@example.org", is_staff=True)
    editor.groups.set([Group.objects.get(name=EDITOR)])
    officer_page = new_page(PHONE)
    sign_in_to_portal(officer_page, ratha.user.username)
    officer_page.goto("/my/career/")
    officer_page.get_by_label("Position or role").fill(NEW_POST)
    officer_page.get_by_label("Organisation:", exact=True).select_option(label="Ministry of Women's Affairs")
    officer_page.get_by_label("Year").fill("2024")
    officer_page.get_by_role("button", name="Send to the Secretariat").click()
    expect(officer_page.locator(".messages")).to_be_visible()
    visitor = new_page(DESKTOP)
    visitor.goto("/graduates/chhy-ratha/")
    expect(visitor.locator("main")).not_to_contain_text(NEW_POST)

    page = new_page(DESKTOP)
    with step(page, "the editor finds the step in the queue and publishes it"):
        sign_in_to_admin(page, editor.username)
        page.get_by_role("link", name="Career updates to check").click()
        row = page.locator("#result_list tbody tr", has_text=NEW_POST)
        expect(row).to_contain_text("Chhy Ratha")
        screenshot(page, "career updates queue")
        row.get_by_role("checkbox").check()
        page.get_by_label("Action:").select_option(label="Mark checked and publish")
        page.get_by_role("button", name="Go").click()
        expect(page.locator(".messagelist .success")).to_contain_text("Checked and published 1 career update")

    with step(visitor, "the public profile shows the new step as where she is now"):
        visitor.goto("/graduates/chhy-ratha/")
        expect(visitor.locator(".now-card")).to_contain_text(NEW_POST)

"""The attachment year's pages at a phone width and a desktop width: an officer drafts and proposes their
objectives and writes, saves and submits a report (and is refused an empty one); their supervisor reads
what waits for them, agrees the objectives and returns the report with comments (after being refused
without any). axe-core finds no serious or critical violation on any page, the pages load with no console
error or CSP violation (the `new_page` watch), and screenshots are kept in screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from officers.models import ObjectivesState, PlacementOutcome, ReportKind, ReportState
from officers.tests.attachment_factories import SupervisedPlacementFactory, SupervisorFactory
from tests.browser.conftest import DESKTOP, PHONE, audit
from tests.browser.steps import sign_in_to_portal, step

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def placement():
    """A Lao officer placed with Dr Mya for six months, three weeks in; and a past officer of hers."""
    supervisor = SupervisorFactory(full_name="Dr Mya Supervisor")
    today = timezone.localdate()
    SupervisedPlacementFactory(
        supervised_by=supervisor,
        officer__full_name="Bounmy Keomany",
        outcome=PlacementOutcome.COMPLETED,
        start_date=today - timedelta(days=500),
        end_date=today - timedelta(days=320),
    )
    return SupervisedPlacementFactory(
        supervised_by=supervisor,
        officer__full_name="Souksavanh Phommachanh",
        officer__country="LA",
        division__name="Trade Facilitation Division",
        start_date=today - timedelta(days=21),
        end_date=today + timedelta(days=160),
    )


def officer_steps(page, placement) -> list[str]:
    problems = []
    with step(page, "the officer opens their placement"):
        sign_in_to_portal(page, placement.officer.user.username)
        problems += audit(page, "supervise-officer-my")
    with step(page, "the officer drafts and proposes their objectives"):
        page.get_by_role("link", name="Write your objectives and propose them to your supervisor").click()
        problems += audit(page, "supervise-officer-objectives")
        page.get_by_label("Your objectives").fill("Learn how the AEC Council prepares its meetings.")
        page.get_by_role("button", name="Propose to your supervisor").click()
        expect(page.locator(".messages")).to_contain_text("sent to your supervisor")
        problems += audit(page, "supervise-officer-objectives-proposed", after_message=True)
    with step(page, "the officer writes the mid-term report, saves it and submits it"):
        page.goto("/my/reports/")
        problems += audit(page, "supervise-officer-reports")
        page.get_by_role("link", name="Mid-term report").click()
        problems += audit(page, "supervise-officer-report-form")
        page.get_by_label("Work done").fill("Drafted briefs on trade facilitation.")
        page.get_by_role("button", name="Save the draft").click()
        expect(page.locator(".messages")).to_contain_text("Your draft is saved.")
        page.get_by_label("What I learned").fill("How consensus is built among ten member states.")
        page.get_by_role("button", name="Submit to your supervisor").click()
        expect(page.locator(".messages")).to_contain_text("submitted to your supervisor")
        problems += audit(page, "supervise-officer-report-submitted", after_message=True)
    with step(page, "an empty final report is refused with the reason"):
        page.goto("/my/reports/")
        page.get_by_role("link", name="Final report").click()
        page.get_by_role("button", name="Submit to your supervisor").click()
        expect(page.get_by_role("heading", name="Your report is not saved yet")).to_be_visible()
        problems += audit(page, "supervise-officer-report-refused")
    return problems


def supervisor_steps(page, placement) -> list[str]:
    problems = []
    with step(page, "the supervisor signs in and sees what waits for them first"):
        sign_in_to_portal(page, placement.supervised_by.user.username, lands_on="/supervise/")
        expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
        expect(page.get_by_role("link", name="Your officers")).to_have_attribute("aria-current", "page")
        problems += audit(page, "supervise-home")
    with step(page, "the supervisor agrees the objectives"):
        page.get_by_role("link", name="Objectives of Souksavanh Phommachanh").click()
        problems += audit(page, "supervise-placement")
        page.get_by_role("button", name="Agree the objectives").click()
        expect(page.locator(".messages")).to_contain_text("The objectives are agreed.")
        problems += audit(page, "supervise-placement-agreed", after_message=True)
    with step(page, "the supervisor returns the report, after being asked for comments"):
        page.get_by_role("link", name="Mid-term report of Souksavanh Phommachanh").click()
        problems += audit(page, "supervise-report")
        page.get_by_role("button", name="Return with comments").click()
        expect(page.get_by_role("heading", name="Nothing is saved yet")).to_be_visible()
        problems += audit(page, "supervise-report-refused")
        page.get_by_label("Your comments").fill("Name the meetings you serviced, with their dates.")
        page.get_by_role("button", name="Return with comments").click()
        expect(page.locator(".messages")).to_contain_text("returned to the officer")
        problems += audit(page, "supervise-report-returned", after_message=True)
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_attachment_pages_have_no_serious_accessibility_violation(new_page, placement, viewport):
    problems = officer_steps(new_page(viewport), placement)
    problems += supervisor_steps(new_page(viewport), placement)

    objectives = placement.objectives_agreement
    objectives.refresh_from_db()
    report = placement.reports.get(kind=ReportKind.MID_TERM)
    assert (objectives.state, report.state) == (ObjectivesState.AGREED, ReportState.RETURNED)
    assert not problems, f"At {viewport['width']} px:\n\n" + "\n\n".join(problems)


def test_an_officer_is_told_what_the_supervise_pages_are_for(new_page, placement):
    page = new_page(PHONE)
    sign_in_to_portal(page, placement.officer.user.username)
    assert page.goto("/supervise/").status == 403
    expect(page.get_by_role("heading", name="This page is for supervisors")).to_be_visible()
    problems = audit(page, "supervise-not-a-supervisor")
    assert not problems, "\n\n".join(problems)

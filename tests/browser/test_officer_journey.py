"""An officer signs in, reads their placement, and controls what the public sees of them."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.steps import sign_in_to_portal

pytestmark = pytest.mark.django_db(transaction=True)


def public_status(new_page, path: str) -> int:
    anonymous = new_page()
    return anonymous.goto(path).status


def test_officer_withdraws_consent_and_gives_it_back(new_page, ratha):
    page = new_page(PHONE)
    sign_in_to_portal(page, ratha.user.username)
    assert page.url.endswith("/my/"), f"signing in should land on /my/, got {page.url}"
    main = page.locator("main")
    expect(main).to_contain_text("2nd Batch, 2015-2016")
    expect(main).to_contain_text("Social Welfare, Women, Labor, and Migrant Workers Division")
    assert public_status(new_page, "/graduates/chhy-ratha/") == 200

    page.goto("/my/consent/")
    page.get_by_label("Show my profile and my published stories to the public").uncheck()
    page.get_by_role("button", name="Save your choice").click()
    expect(page.locator(".messages")).to_be_visible()
    assert public_status(new_page, "/graduates/chhy-ratha/") == 404, "the profile is still public after withdrawal"
    assert public_status(new_page, "/stories/chhy-ratha/") == 404, "the story is still public after withdrawal"

    page.goto("/my/consent/")
    page.get_by_label("Show my profile and my published stories to the public").check()
    page.get_by_role("button", name="Save your choice").click()
    assert public_status(new_page, "/graduates/chhy-ratha/") == 200, "the profile did not come back"

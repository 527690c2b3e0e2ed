import pytest

from tests.browser.conftest import PHONE, check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_accessibly_without_console_errors(new_page):
    page = new_page(PHONE)
    page.goto("/")
    assert page.locator("h1").first.is_visible()
    check_accessibility(page)
    screenshot(page, "home")

"""The watch every journey relies on: it must notice a Content-Security-Policy violation."""

import pytest

from tests.browser.conftest import PageProblems

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_csp_violation_on_a_page_is_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    page.goto("/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">inline</div>')")
    page.wait_for_timeout(200)
    context.close()
    assert any("Content Security Policy" in item for item in problems.items), problems.items

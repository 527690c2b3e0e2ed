"""Every public page, an officer's own page and the error pages, at a phone width and a desktop width: axe-core finds
no serious or critical violation, the page loads with no console error or CSP violation (the
`new_page` watch), and a screenshot of it is kept in screenshots/."""

import pytest

from core.error_pages import render_error_page
from tests.browser.conftest import DESKTOP, PHONE, audit, check_accessibility
from tests.browser.steps import sign_in_to_portal

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshot name: (path, the status the page answers with).
PUBLIC_PAGES = {
    "home": ("/", 200),
    "stories": ("/stories/", 200),
    "stories-from-viet-nam": ("/stories/?country=VN", 200),
    "stories-searched": ("/stories/?q=Japan&order=batch", 200),
    "stories-with-invalid-filters": ("/stories/?country=FR&track=aec-ascc&batch=13", 200),
    "stories-no-result": ("/stories/?q=zeppelin&country=VN", 200),
    "story": ("/stories/hoang-quoc-trung/", 200),
    "graduate": ("/graduates/hoang-quoc-trung/", 200),
    "graduates": ("/graduates/", 200),
    "graduates-with-invalid-filters": ("/graduates/?country=FR&track=aec-ascc&batch=13", 200),
    "country": ("/countries/kh/", 200),
    "programme": ("/programme/", 200),
    "track": ("/programme/junior-diplomats/", 200),
    "batch": ("/programme/junior-diplomats/13/", 200),
    "statistics": ("/statistics/", 200),
    "take-part": ("/take-part/", 200),
    "feed-about": ("/feed/about/", 200),
    "api": ("/api/", 200),
    "password-reset": ("/accounts/password_reset/", 200),
    "not-found": ("/stories/no-such-story/", 404),
    "sign-in": ("/accounts/login/", 200),
}


def open_and_audit(page, name: str, path: str, status: int) -> list[str]:
    """Open the page, check it with axe and keep its screenshot; returns what went wrong."""
    problems = []
    response = page.goto(path)
    if response.status != status:
        problems.append(f"{name}: {page.url} answered {response.status}, not {status}")
    return problems + audit(page, name)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_and_my_page_have_no_serious_accessibility_violation(new_page, ratha, viewport):
    # Every page is checked before the test fails, so one run lists every page with a problem.
    page = new_page(viewport)
    problems = []
    for name, (path, status) in PUBLIC_PAGES.items():
        problems += open_and_audit(page, name, path, status)

    sign_in_to_portal(page, ratha.user.username)
    problems += open_and_audit(page, "my", "/my/", 200)

    assert not problems, f"At {viewport['width']} px:\n\n" + "\n\n".join(problems)


# The pages shown when something has failed: Django's own, and those nginx serves while Django cannot answer.
ERROR_PAGES = {
    "server-error": ("500.html", 500),
    "database-unavailable": ("errors/database_unavailable.html", 503),
    **{f"error-{code}": (f"errors/{code}.html", code) for code in (413, 414, 502, 503, 504)},
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_error_pages_have_no_serious_accessibility_violation(new_page, db, viewport):
    page = new_page(viewport)
    problems = []
    for name, (template, status_code) in ERROR_PAGES.items():
        # Shown at the portal's address, as a browser would get them, with the stylesheet they link.
        page.goto("/accounts/login/")
        page.set_content(render_error_page(template, status_code=status_code))
        page.wait_for_load_state("load")
        problems += audit(page, name)
    assert not problems, f"At {viewport['width']} px:\n\n" + "\n\n".join(problems)


def test_a_serious_violation_is_reported_with_its_page(new_page, db):
    page = new_page()
    page.goto("/accounts/login/")
    # Added through the DOM, which the page's CSP allows: an image nobody described.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/img/favicon.svg\">')"
    )
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)") as failure:
        check_accessibility(page)
    assert page.url in str(failure.value)

"""Steps the journeys share: naming a step so a failure says where it broke, signing in (to the
portal or the admin), saving a new record in the admin, and choosing in the admin's
search-as-you-type (select2) fields as a person does."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


@contextmanager
def step(page, description: str) -> Iterator[None]:
    """Run one step of a journey; a failure inside names the step and the page it was on.

    Playwright's own messages name the locator but not the page, and a journey visits many.
    """
    try:
        yield
    except (AssertionError, PlaywrightError) as error:
        raise AssertionError(f"Step “{description}” failed on {page.url}:\n{error}") from error


def sign_in_to_portal(page, username: str, lands_on: str = "/my/") -> None:
    """Sign in on the portal's own page: officers land on /my/, focal points on /nominate/ and
    supervisors on /supervise/."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{lands_on}")


def sign_in_to_admin(page, username: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Secretariat workspace")).to_be_visible()


def save_new_record(page) -> None:
    """Save an admin "Add" form, and wait for the admin to say the record was added."""
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")


def choose_in_autocomplete(page, select_id: str, *, search: str, option: str) -> None:
    """Open the select2 box that stands for the <select id=select_id>, type, and pick `option`.

    The admin's autocomplete widget hides the real <select>; select2 draws a box beside it whose
    text is the current choice, and a search field and result list in a drop-down.
    """
    chosen = page.locator(f"#select2-{select_id}-container")
    # The box itself (role combobox, described by the current choice) is what takes the click: the
    # text inside is empty when nothing is chosen.
    page.locator(f"[role='combobox'][aria-describedby='select2-{select_id}-container']").click()
    drop_down = page.locator(".select2-container--open")
    drop_down.get_by_role("searchbox").fill(search)
    result = drop_down.get_by_role("option", name=option, exact=True)
    # An expectation, not a bare click: when the option never shows, its message lists what did.
    expect(result).to_be_visible()
    result.click()
    expect(chosen).to_have_text(re.compile(re.escape(option)))

"""An editor previews an officers sheet on a desktop screen: the page keeps its width (each table
scrolls sideways in a box of its own, from the keyboard too), no inline style is refused by the
Content-Security-Policy, the rows are counted above the tables, and axe finds nothing serious."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from officers.tests.factories import OfficerFactory
from tests.browser.conftest import DESKTOP, check_accessibility, screenshot
from tests.browser.steps import sign_in_to_admin, step
from tests.clients import signed_in_client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

# Every Content-Security-Policy violation of a page, as the browser reports it to the page itself.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def officers_sheet(editor, tmp_path) -> Path:
    """The recorded officers as the admin exports them, one of them with a new position, and new
    officers after them: 12 new rows, 1 changed, 5 unchanged. Every officer's column is shown."""
    officers = OfficerFactory.create_batch(6, position_at_nomination="Third Secretary", country="KH")
    export = {"format": "0", "resource": "0"}
    exported = signed_in_client(editor).post(reverse("admin:officers_officer_export"), export)
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {row["slug"] for row in rows} == {officer.slug for officer in officers}
    rows[0]["position_at_nomination"] = "Director-General of the ASEAN Department"
    for n in range(12):
        rows.append(
            {
                "full_name": f"Nguyen Thi Minh Chau {n}",
                "country": "VN",
                "position_at_nomination": "Desk Officer, Department of ASEAN Cooperation",
                "email": f"nguyen.thi.minh.chau.{n}@mofa.example.gov.vn",
                "bio": "Worked on the ASEAN Community Vision 2045 and the Initiative for ASEAN Integration "
                "work plan before the attachment.",
            }
        )
    path = tmp_path / "officers.csv"
    with path.open("w", newline="", encoding="utf-8") as sheet:
        writer = csv.DictWriter(sheet, fieldnames=list(rows[0]), restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def open_preview(page, username: str, sheet: Path) -> None:
    sign_in_to_admin(page, username)
    page.goto("/admin/officers/officer/import/")
    page.get_by_label("File to import").set_input_files(sheet)
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()


def test_the_preview_keeps_the_page_width_and_the_content_security_policy(new_page, editor, officers_sheet):
    page = new_page(DESKTOP)
    refused_by_policy: list[str] = []
    page.on(
        "console",
        lambda message: refused_by_policy.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(WATCH_VIOLATIONS)

    with step(page, "the editor uploads the officers sheet on the Import page"):
        open_preview(page, editor.username, officers_sheet)

    with step(page, "no element of the page has a style attribute"):
        # Checked before any screenshot: taking one leaves an empty style attribute on the inputs.
        assert page.locator("[style]").count() == 0

    with step(page, "the rows are counted above the tables, whose columns are titled in words"):
        expect(page.locator(".portal-import-summary")).to_contain_text("12 new, 1 changed, 5 unchanged.")
        changed = page.get_by_role("region", name="Changed rows", exact=True)
        expect(changed.get_by_role("columnheader", name="Full name")).to_be_visible()
        expect(changed.get_by_role("columnheader", name="Home organisation")).to_be_visible()
        expect(changed.locator("del.portal-diff-removed")).to_have_text("Third Secretary")
        expect(changed.locator("ins.portal-diff-added")).to_have_text("Director-General of the ASEAN Department")

    with step(page, "the page keeps its width at 1280 px; a table wider than its box scrolls inside it"):
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        screenshot(page, "import-preview")
        new_rows = page.get_by_role("region", name="New rows", exact=True)
        assert new_rows.evaluate("box => box.scrollWidth > box.clientWidth"), "the table should overflow its box"
        new_rows.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('.portal-import-table').scrollLeft > 0")

    with step(page, "no style of the page is refused by the Content-Security-Policy"):
        assert page.evaluate("window.cspViolations") == []
        assert refused_by_policy == []
        changed.locator("ins").scroll_into_view_if_needed()
        screenshot(page, "import-preview-changed")


def test_the_preview_has_no_serious_accessibility_violation(browser, live_server, editor, officers_sheet):
    # axe reads a stylesheet's @import (Django's forms.css imports widgets.css) by copying it into a
    # <style> element, which the policy refuses: so axe runs on a page the policy watch does not see.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    try:
        page = context.new_page()
        with step(page, "the editor uploads the officers sheet and axe checks the preview"):
            open_preview(page, editor.username, officers_sheet)
            check_accessibility(page)
    finally:
        context.close()

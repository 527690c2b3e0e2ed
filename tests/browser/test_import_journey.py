"""An editor imports a spreadsheet with one bad row: the page names the row, and nothing of the
file is written, not even its good rows."""

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from officers.models import Officer, Organisation
from tests.browser.conftest import DESKTOP
from tests.browser.steps import sign_in_to_admin, step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

SAMPLE = Path(settings.BASE_DIR) / "samples" / "officers.csv"


@pytest.fixture
def sheet_with_a_bad_third_row(tmp_path) -> Path:
    """The sample officers file, with a date on spreadsheet row 3 written day first."""
    with SAMPLE.open(newline="", encoding="utf-8") as sample:
        reader = csv.DictReader(sample)
        columns, rows = reader.fieldnames, list(reader)
    assert rows[1]["consent_changed_on"] == "2020-01-15", "the sample file changed: pick another bad value"
    rows[1]["consent_changed_on"] = "15/01/2020"
    path = tmp_path / "officers.csv"
    with path.open("w", newline="", encoding="utf-8") as sheet:
        writer = csv.DictWriter(sheet, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def recorded() -> dict:
    return {
        "officers": Officer.objects.count(),
        "officer changes": Officer.history.count(),
        "organisations": Organisation.objects.count(),
    }


def test_a_sheet_with_one_bad_row_names_the_row_and_imports_nothing(
    new_page, seeded, editor, sheet_with_a_bad_third_row
):
    before = recorded()
    page = new_page(DESKTOP)
    with step(page, "the editor signs in to the admin"):
        sign_in_to_admin(page, editor.username)

    with step(page, "the editor uploads the officers sheet on the Import page"):
        page.get_by_role("link", name="Officers", exact=True).click()
        page.get_by_role("link", name="Import", exact=True).click()
        page.get_by_label("File to import").set_input_files(sheet_with_a_bad_third_row)
        page.get_by_label("Format").select_option(label="csv")
        page.get_by_role("button", name="Submit").click()

    with step(page, "the page names row 3 and its date as the problem"):
        problems = page.get_by_role("region", name="Nothing was imported")
        expect(problems.get_by_role("heading")).to_have_text("Nothing was imported: the file has 1 problem")
        rows = problems.get_by_role("row")
        expect(rows).to_have_count(2)
        expect(rows.nth(1).get_by_role("cell")).to_have_text(
            ["3", "consent_changed_on", "15/01/2020", re.compile(r"“15/01/2020” is not a date.*YYYY-MM-DD")]
        )
        expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)

    assert recorded() == before, f"the import wrote records although a row was bad ({page.url})"

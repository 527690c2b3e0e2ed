"""The import preview reads as staff need it and keeps the Content-Security-Policy: its rows counted as
new, changed, unchanged and refused, columns titled in words, a changed cell's additions and removals
marked by class (no `style` attribute anywhere), and each table in a box of its own that scrolls."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batches.resources import BatchResource
from core.imports.preview import ImportSummary, column_titles, marked_up
from officers.models import Officer
from officers.resources import CareerMilestoneResource, OfficerResource, PlacementResource
from officers.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["slug", "full_name", "country", "position_at_nomination"]


@pytest.fixture
def recorded(db) -> list[Officer]:
    """Two recorded officers: the file leaves the first as it is and promotes the second."""
    return [
        OfficerFactory(slug="keo-sophea", full_name="Keo Sophea", country="KH", position_at_nomination="Counsellor"),
        OfficerFactory(
            slug="chan-dara", full_name="Chan Dara", country="KH", position_at_nomination="Third Secretary"
        ),
    ]


def officers_csv(*extra: list[str]) -> bytes:
    """One unchanged officer, one changed, three new, and any `extra` rows."""
    rows = [
        ["keo-sophea", "Keo Sophea", "KH", "Counsellor"],
        ["chan-dara", "Chan Dara", "KH", "First Secretary"],
        ["", "Pham Thi Lan", "VN", "Attaché"],
        ["", "Sisavath Keo", "LA", "Second Secretary"],
        ["", "Aung Min", "MM", "<b>Desk Officer</b>"],
        *extra,
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def preview(client, content: bytes):
    return client.post(
        reverse("admin:officers_officer_import"),
        {"import_file": SimpleUploadedFile("officers.csv", content), "format": "0", "resource": "0"},
    )


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def snapshot() -> list[tuple]:
    return sorted(Officer.objects.values_list("slug", "version", "position_at_nomination"))


def test_the_preview_counts_new_changed_and_unchanged_rows_above_the_tables(recorded, editor_client):
    before = snapshot()
    response = preview(editor_client, officers_csv())
    assert response.context["confirm_form"] is not None
    assert response.context["summary"] == ImportSummary(new=3, changed=1, unchanged=1, refused=0)
    page = response.content.decode()
    assert "3 new, 1 changed, 1 unchanged. Nothing is saved until you confirm below." in text_of(response)
    assert page.index("portal-import-summary") < page.index("portal-import-table")
    assert snapshot() == before


def test_the_preview_titles_its_columns_in_words(recorded, editor_client):
    response = preview(editor_client, officers_csv())
    page = response.content.decode()
    headers = re.findall(r'<th scope="col">([^<]*)</th>', page[page.index("portal-import-summary") :])
    titles = column_titles(OfficerResource())
    # The three kinds of row, each a table under the same titles.
    assert headers == titles * 3
    assert titles[:3] == ["Slug", "Full name", "Name in own script"]
    assert "Home organisation" in titles and "Login" in titles
    assert not [title for title in titles if "_" in title]


def test_no_element_of_a_preview_with_changed_rows_has_a_style_attribute(recorded, editor_client):
    page = preview(editor_client, officers_csv()).content.decode()
    assert '<del class="portal-diff-removed">Third</del><ins class="portal-diff-added">First</ins>' in page
    assert not re.search(r"\sstyle\s*=", page, re.IGNORECASE)
    assert "<style" not in page


def test_a_new_rows_cells_are_its_values_escaped_and_unmarked(recorded, editor_client):
    response = preview(editor_client, officers_csv())
    [new] = [group for group in response.context["preview"] if group.kind == "new"]
    cells = [list(row.diff) for row in new.rows]
    assert cells[2][:2] == ["aung-min", "Aung Min"]
    assert "&lt;b&gt;Desk Officer&lt;/b&gt;" in cells[2]
    assert not [cell for row in cells for cell in row if "<ins" in cell or "<del" in cell]


def test_each_table_scrolls_in_a_box_keyboard_users_can_reach(recorded, editor_client):
    page = preview(editor_client, officers_csv()).content.decode()
    boxes = re.findall(r'<div class="portal-import-table" tabindex="0" role="region" aria-label="([^"]+)">', page)
    assert boxes == ["New rows", "Changed rows", "Unchanged rows"]


def test_a_file_with_a_refused_row_counts_it_and_imports_nothing(recorded, editor_client):
    before = snapshot()
    response = preview(editor_client, officers_csv(["", "Somchai Dee", "Siam", "Officer"]))
    assert response.context.get("confirm_form") is None
    assert response.context["summary"] == ImportSummary(new=3, changed=1, unchanged=1, refused=1)
    text = text_of(response)
    assert "Nothing was imported: the file has 1 problem" in text
    assert "Rows in the file: 3 new, 1 changed, 1 unchanged, 1 refused." in text
    assert "With any refused row nothing of the file is imported, not even its other rows." in text
    assert snapshot() == before


def test_a_row_with_two_problems_is_one_refused_row(recorded, editor_client):
    response = preview(editor_client, officers_csv(["", "", "Siam", "Officer"]))
    assert len(response.context["problems"]) >= 2
    assert response.context["summary"].refused == 1


def test_a_file_with_wrong_columns_gives_no_row_counts(recorded, editor_client):
    response = preview(editor_client, b"full_name,colour\nKeo Sophea,blue\n")
    assert response.context["summary"] is None
    assert "Rows in the file" not in text_of(response)


@pytest.mark.parametrize("resource", [BatchResource, OfficerResource, PlacementResource, CareerMilestoneResource])
def test_every_import_titles_each_of_its_columns_in_words(resource):
    titles = column_titles(resource())
    assert len(titles) == len(resource().get_diff_headers())
    assert all(title and title[0].isupper() and "_" not in title for title in titles), titles


def test_a_placements_columns_are_titled_by_their_fields_or_in_words():
    titles = dict(zip(PlacementResource().get_diff_headers(), column_titles(PlacementResource()), strict=True))
    assert (titles["division"], titles["officer_name"], titles["track"]) == ("ASEC division", "Officer name", "Track")


def test_a_changed_cell_marks_what_is_added_and_removed_and_escapes_both():
    assert marked_up("Director <old>", "Director <new>") == (
        'Director &lt;<del class="portal-diff-removed">old</del><ins class="portal-diff-added">new</ins>&gt;'
    )
    assert marked_up("same\ntext", "same\ntext") == "same<br>text"

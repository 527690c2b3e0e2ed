"""Files an import cannot take whole are refused with a sentence that says what to do, and nothing is
written: too many rows, formulas in a workbook, text not saved as UTF-8. A large file previews as a
short page: counts of each kind of row and the first rows of each."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from batches.models import Batch
from batches.tests.factories import ProgrammeTrackFactory

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"


@pytest.fixture
def track(db):
    return ProgrammeTrackFactory(slug="junior-diplomats")


def upload(client, content: bytes, *, file_format: str = CSV, name: str = "batches.csv"):
    return client.post(
        reverse("admin:batches_batch_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": file_format, "resource": "0"},
    )


def refusal(response) -> str:
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None, "a refused file must not be offered for import"
    return " ".join(response.context["form"].errors["import_file"])


def batches_csv(numbers, *, notes: str = "") -> str:
    return "track,number,notes\n" + "".join(f"junior-diplomats,{n},{notes}\n" for n in numbers)


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_file_over_the_row_limit_is_refused_with_how_to_split_it(track, editor_client, settings):
    settings.IMPORT_MAX_ROWS = 50
    message = refusal(upload(editor_client, batches_csv(range(1, 52)).encode()))
    assert "The file has 51 rows; one import takes at most 50." in message
    assert "Split it into files of up to 50 rows, each with the header row" in message
    assert not Batch.objects.exists()


def test_a_workbook_over_the_row_limit_is_refused_too(track, editor_client, settings):
    settings.IMPORT_MAX_ROWS = 5
    content = workbook([["track", "number"], *[["junior-diplomats", n] for n in range(1, 8)]])
    assert "The file has 7 rows" in refusal(upload(editor_client, content, file_format=XLSX, name="b.xlsx"))


def test_a_formula_cell_is_refused_with_its_row_and_column_never_imported_empty(track, editor_client):
    content = workbook(
        [["track", "number", "notes"], ["junior-diplomats", 1, "first"], ["junior-diplomats", "=1+1", ""]]
    )
    message = refusal(upload(editor_client, content, file_format=XLSX, name="b.xlsx"))
    assert "row 3, column “number”" in message
    assert "type the value, not a formula" in message
    assert not Batch.objects.exists()


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_file_not_saved_as_utf8_is_refused_with_how_to_save_it(track, editor_client, encoding):
    content = batches_csv([1], notes="Hà Nội visit" if encoding == "utf-16" else "Café").encode(encoding)
    message = refusal(upload(editor_client, content))
    assert "not saved as UTF-8" in message
    assert "CSV UTF-8 (comma delimited)" in message
    assert "UnicodeDecodeError" not in message
    assert not Batch.objects.exists()


def test_a_large_file_previews_as_counts_and_the_first_rows_of_each_kind(track, editor_client, settings):
    settings.IMPORT_PREVIEW_ROWS = 3
    Batch.objects.create(track=track, number=1)
    response = upload(editor_client, batches_csv(range(1, 11)).encode())
    assert response.context["confirm_form"] is not None
    page = response.content.decode()
    assert "9 new, 0 changed, 1 unchanged." in " ".join(page.split())
    new = next(group for group in response.context["preview"] if group.kind == "new")
    assert (new.count, len(new.rows)) == (9, 3)
    assert "The first 3 are shown." in page
    assert page.count('<tr class="new">') == 3

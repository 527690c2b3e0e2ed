"""Bad spreadsheets are refused with a readable message naming the row and the column, and leave
the database exactly as it was: one bad row means nothing of the file is written."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batches.resources import BatchResource
from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from core.imports.problems import describe_problems
from officers.models import Officer, Placement
from officers.resources import CareerMilestoneResource, OfficerResource, PlacementResource
from officers.tests.factories import OfficerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def csv_file(rows: list[dict], *, columns: list[str] | None = None) -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def preview(client, prefix: str, content: bytes):
    return client.post(
        reverse(f"admin:{prefix}_import"),
        {"import_file": SimpleUploadedFile("sheet.csv", content), "format": "0", "resource": "0"},
    )


def problems(response) -> list[tuple]:
    assert response.context.get("confirm_form") is None, "a file with problems must not be offered for import"
    return [(problem.row, problem.column, problem.reason) for problem in response.context["problems"]]


def snapshot() -> dict:
    return {
        "officers": sorted(Officer.objects.values_list("pk", "version")),
        "placements": sorted(Placement.objects.values_list("pk", "version")),
    }


@pytest.fixture
def programme(db):
    track = ProgrammeTrackFactory(slug="junior-diplomats", short_name="Junior Diplomats")
    batches = [BatchFactory(track=track, number=n) for n in (1, 2, 3)]
    division = DivisionFactory(name="Social Welfare Division")
    officer = OfficerFactory(full_name="Hoang Quoc Trung", slug="hoang-quoc-trung", country="VN")
    return {"track": track, "batches": batches, "division": division, "officer": officer}


def placement_row(**values) -> dict:
    row = {
        "officer": "hoang-quoc-trung",
        "track": "junior-diplomats",
        "batch": "2",
        "division": "Social Welfare Division",
        "start_date": "2019-06-01",
        "outcome": "active",
    }
    row.update(values)
    return row


def officer_row(**values) -> dict:
    row = {"slug": "", "full_name": "Keo Sophea", "country": "KH", "email": "", "public_profile_consent": "no"}
    row.update(values)
    return row


def test_a_wrong_date_is_named_by_row_and_column(programme, editor_client):
    before = snapshot()
    content = csv_file([placement_row(batch="1"), placement_row(batch="2", start_date="31/02/2019")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_placement", content))
    assert (row, column) == (3, "start_date")
    assert "“31/02/2019” is not a date" in reason and "YYYY-MM-DD" in reason
    assert snapshot() == before


def test_an_impossible_date_is_refused(programme, editor_client):
    content = csv_file([placement_row(start_date="2019-02-30")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_placement", content))
    assert (row, column) == (2, "start_date") and "is not a date" in reason


def test_an_unknown_batch_is_named_with_the_batches_there_are(programme, editor_client):
    before = snapshot()
    content = csv_file([placement_row(batch="99")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_placement", content))
    assert (row, column) == (2, "batch")
    assert reason == "Junior Diplomats has no batch 99. Its batches are 1 to 3."
    assert snapshot() == before


def test_an_unknown_track_is_named(programme, editor_client):
    content = csv_file([placement_row(track="junior-diplomat")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_placement", content))
    assert (row, column) == (2, "batch")
    assert "There is no programme track “junior-diplomat”" in reason and "junior-diplomats" in reason


def test_an_unknown_officer_is_named_with_a_suggestion(programme, editor_client):
    content = csv_file([placement_row(officer="hoang-quoc-trun")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_placement", content))
    assert (row, column) == (2, "officer")
    assert "Did you mean hoang-quoc-trung?" in reason


def test_a_new_row_for_an_officer_already_recorded_is_refused(programme, editor_client):
    before = snapshot()
    content = csv_file([officer_row(), officer_row(full_name="Hoang Quoc Trung", country="VN")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_officer", content))
    assert (row, column) == (3, "full_name")
    assert "already recorded" in reason and "hoang-quoc-trung" in reason
    assert snapshot() == before


def test_the_same_officer_twice_in_one_file_is_refused(programme, editor_client):
    content = csv_file([officer_row(), officer_row(full_name="keo sophea")])
    assert problems(preview(editor_client, "officers_officer", content)) == [
        (3, "full_name", "This is the same record as row 2 of this file.")
    ]
    assert not Officer.objects.filter(full_name__iexact="Keo Sophea").exists()


def test_another_officers_email_is_refused(programme, editor_client):
    OfficerFactory(email="taken@example.org", full_name="Email Owner", slug="email-owner")
    content = csv_file([officer_row(email="Taken@Example.org")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_officer", content))
    assert (row, column) == (2, "email")
    assert "Email Owner (email-owner) already has this email address." == reason


def test_a_country_outside_clmv_is_refused_by_name(programme, editor_client):
    before = snapshot()
    content = csv_file([officer_row(country="Thailand"), officer_row(full_name="Other", country="XX")])
    assert problems(preview(editor_client, "officers_officer", content)) == [
        (
            2,
            "country",
            "Thailand is not a CLMV country. Officers come from Cambodia (KH), Lao PDR (LA), Myanmar (MM), "
            "Viet Nam (VN).",
        ),
        (
            3,
            "country",
            "“XX” is not a country the programme knows. Use one of: Cambodia (KH), Lao PDR (LA), Myanmar (MM), "
            "Viet Nam (VN).",
        ),
    ]
    assert snapshot() == before


def test_a_missing_column_refuses_the_file_once(programme, editor_client):
    before = snapshot()
    content = csv_file([officer_row(), officer_row(full_name="Other")], columns=["slug", "full_name", "email"])
    [(row, column, reason)] = problems(preview(editor_client, "officers_officer", content))
    assert (row, column) == (None, "country")
    assert reason.startswith("The file has no “country” column.")
    assert snapshot() == before


def test_an_unknown_column_is_refused_rather_than_silently_ignored(programme, editor_client):
    content = csv_file([{**officer_row(), "strat_date": "2019"}])
    [(row, column, reason)] = problems(preview(editor_client, "officers_officer", content))
    assert (row, column) == (None, "strat_date")
    assert "a column this import does not know: “strat_date”" in reason


def test_column_names_may_be_written_as_words(programme, editor_client):
    content = csv_file([{"Full name": "Keo Sophea", "Country": "Cambodia", "Public-profile consent": "yes"}])
    response = preview(editor_client, "officers_officer", content)
    assert response.context["confirm_form"] is not None


def test_an_organisation_shared_by_two_countries_is_told_apart_by_the_officers_country(programme, editor_client):
    OrganisationFactory(name="Ministry of Foreign Affairs", country="VN")
    lao = OrganisationFactory(name="Ministry of Foreign Affairs", country="LA")
    resource = OfficerResource()
    dataset = tablib.Dataset(headers=["full_name", "country", "home_organisation"])
    dataset.append(["Vongsa", "Lao PDR", "ministry of foreign affairs"])
    result = resource.import_data(dataset, dry_run=False)
    assert not result.has_validation_errors()
    assert Officer.objects.get(full_name="Vongsa").home_organisation == lao


def test_an_unknown_organisation_is_refused_with_a_suggestion(programme, editor_client):
    OrganisationFactory(name="Ministry of Foreign Affairs", country="KH")
    content = csv_file([officer_row(home_organisation="Ministry of Foreign Afairs")])
    [(row, column, reason)] = problems(preview(editor_client, "officers_officer", content))
    assert (row, column) == (2, "home_organisation")
    assert "Did you mean “Ministry of Foreign Affairs”?" in reason


def test_blank_rows_are_ignored_without_shifting_row_numbers(programme, editor_client):
    content = csv_file([officer_row(), {}, officer_row(full_name="Other", country="Siam")])
    [(row, column, _reason)] = problems(preview(editor_client, "officers_officer", content))
    assert (row, column) == (4, "country")


def test_one_bad_row_writes_nothing_even_outside_the_admin(programme, editor):
    resource = PlacementResource()
    dataset = tablib.Dataset(headers=["officer", "track", "batch", "outcome"])
    dataset.append(["hoang-quoc-trung", "junior-diplomats", "1", "active"])
    dataset.append(["hoang-quoc-trung", "junior-diplomats", "2", "graduated-ish"])
    result = resource.import_data(dataset, dry_run=False, use_transactions=False, user=editor)
    assert result.has_validation_errors()
    assert Placement.objects.count() == 0


def test_a_file_that_went_bad_since_its_preview_writes_nothing(programme, editor_client):
    content = csv_file([placement_row(batch="1"), placement_row(batch="3")])
    previewed = preview(editor_client, "officers_placement", content)
    form = previewed.context["confirm_form"]
    programme["batches"][2].delete()  # a colleague removes batch 3 before this import is confirmed

    response = editor_client.post(
        reverse("admin:officers_placement_process_import"),
        {**{name: form[name].value() for name in form.fields}, "confirm": "1"},
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "batch")]
    assert Placement.objects.count() == 0


def test_the_problems_download_as_csv_with_the_rows_original_values(programme, editor_client):
    content = csv_file([placement_row(batch="99", supervisor_name="Ms. Example")])
    response = preview(editor_client, "officers_placement", content)
    download = editor_client.get(response.context["problems_csv_url"])
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0]["row"] == "2" and rows[0]["column"] == "batch"
    assert rows[0]["problem"].startswith("Junior Diplomats has no batch 99")
    assert rows[0]["supervisor_name"] == "Ms. Example"


def test_the_problems_download_is_for_importers_only(programme, viewer_client):
    assert viewer_client.get(reverse("admin:officers_placement_import_problems")).status_code == 403


def test_a_batch_file_with_a_bad_precision_and_an_end_before_its_start_is_refused(programme):
    dataset = tablib.Dataset(headers=["track", "number", "start_date", "start_precision", "end_date"])
    dataset.append(["junior-diplomats", "7", "2019", "decade", ""])
    dataset.append(["junior-diplomats", "8", "2019-06-01", "", "2018-01-01"])
    result = BatchResource().import_data(dataset, dry_run=True)
    found = [(p.row, p.column) for p in describe_problems(result, BatchResource())]
    assert (2, "start_precision") in found and (3, "end_date") in found


def test_an_organisation_named_with_the_wrong_country_is_refused(programme):
    OrganisationFactory(name="Ministry of Women's Affairs", country="KH")
    dataset = tablib.Dataset(headers=["officer", "title", "organisation", "organisation_country", "source"])
    dataset.append(["hoang-quoc-trung", "Director", "Ministry of Women's Affairs", "LA", "officer"])
    resource = CareerMilestoneResource()
    problems = [(p.row, p.column, p.reason) for p in describe_problems(resource.import_data(dataset), resource)]
    assert problems == [(2, "organisation", "“Ministry of Women's Affairs” is recorded for KH, not for LA.")]

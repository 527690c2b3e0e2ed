"""Importing batches: named by track slug and number, dates at the precision the sheet gives."""

from datetime import date

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batches.models import Batch, BatchStatus
from batches.resources import BatchResource
from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from core.imports.problems import describe_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def track(db):
    return ProgrammeTrackFactory(slug="junior-diplomats", short_name="Junior Diplomats")


def import_rows(headers: list[str], *rows, user=None, dry_run=False):
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    resource = BatchResource()
    result = resource.import_data(dataset, dry_run=dry_run, user=user, file_name="batches.csv")
    return result, [(p.row, p.column, p.reason) for p in describe_problems(result, resource)]


def test_dates_take_the_precision_they_are_written_in(track):
    result, problems = import_rows(
        ["track", "number", "start_date", "end_date"],
        ["junior-diplomats", "14", "2015", "2016-06"],
        ["junior-diplomats", "15", "2016-09-01", ""],
    )
    assert problems == []
    fourteenth = Batch.objects.get(track=track, number=14)
    assert (fourteenth.start_display, fourteenth.end_display, fourteenth.label) == (
        "2015",
        "June 2016",
        "14th Batch, 2015-2016",
    )
    fifteenth = Batch.objects.get(track=track, number=15)
    assert (fifteenth.start_date, fifteenth.start_precision) == (date(2016, 9, 1), "day")


def test_a_written_precision_wins_and_the_date_is_kept_as_its_periods_first_day(track):
    _result, problems = import_rows(
        ["track", "number", "start_date", "start_precision"], ["junior-diplomats", "16", "2019-11-15", "quarter"]
    )
    assert problems == []
    batch = Batch.objects.get(number=16)
    assert (batch.start_date, batch.start_display) == (date(2019, 10, 1), "Q4 2019")


def test_a_recorded_status_may_be_written_as_its_label(track):
    import_rows(["track", "number", "recorded_status"], ["junior-diplomats", "3", "Completed"])
    assert Batch.objects.get(number=3).recorded_status == BatchStatus.COMPLETED


def test_an_existing_batch_is_updated_by_track_and_number_and_the_importer_is_its_author(track, editor):
    batch = BatchFactory(track=track, number=13, notes="")
    import_rows(["track", "number", "notes"], ["junior-diplomats", "13", "Study visit to Japan"], user=editor)
    batch.refresh_from_db()
    assert (batch.notes, batch.version) == ("Study visit to Japan", 2)
    latest = batch.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Imported from batches.csv"


def test_a_batch_number_that_is_not_a_number_is_named(track):
    _result, problems = import_rows(["track", "number"], ["junior-diplomats", "thirteen"])
    assert problems == [(2, "number", "“thirteen” is not a whole number.")]
    assert not Batch.objects.exists()


def test_the_same_batch_twice_in_one_file_is_refused(track):
    _result, problems = import_rows(["track", "number"], ["junior-diplomats", "4"], ["Junior-Diplomats", "4"])
    assert problems == [(3, "number", "This is the same record as row 2 of this file.")]
    assert not Batch.objects.exists()


def test_the_admin_preview_lists_the_batches_it_would_add(track, editor_client):
    content = b"track,number,start_date\njunior-diplomats,17,2020-10\n"
    response = editor_client.post(
        reverse("admin:batches_batch_import"),
        {"import_file": SimpleUploadedFile("b.csv", content), "format": "0", "resource": "0"},
    )
    assert response.context["confirm_form"] is not None
    assert "17th Batch, 2020-" in response.content.decode()
    assert not Batch.objects.exists()


def test_the_import_page_says_which_columns_are_required(editor_client):
    page = editor_client.get(reverse("admin:batches_batch_import")).content.decode()
    assert "Required columns:" in page and "track, number" in page


def test_batches_export_with_their_label_and_status(track, editor_client):
    BatchFactory(track=track, number=13)
    response = editor_client.post(reverse("admin:batches_batch_export"), {"format": "0", "resource": "0"})
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0].lstrip("\ufeff").split(",") == [
        "track", "number", "start_date", "start_precision", "end_date", "end_precision",
        "recorded_status", "notes", "label", "status",
    ]  # fmt: skip
    assert lines[1].startswith('junior-diplomats,13,2014-09-01,day,2015-08-31,day,,,"13th Batch, 2014-2015",completed')

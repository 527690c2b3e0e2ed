"""The funder's report: graduates by track, batch, country and gender, by year range; its files;
and every placement of one batch or one division in one file. Staff who may view placements only."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import PlacementOutcome
from officers.tests.factories import OfficerFactory, PlacementFactory
from reports.funder import funder_report
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduates(db):
    track = ProgrammeTrackFactory(short_name="Junior Diplomats", first_year=2001)
    early = BatchFactory(track=track, number=8, start_date=date(2006, 1, 1), end_date=date(2007, 1, 1))
    late = BatchFactory(track=track, number=13, start_date=date(2014, 1, 1), end_date=date(2015, 1, 1))
    PlacementFactory(batch=early, officer=OfficerFactory(country="LA", gender="male"))
    PlacementFactory(batch=late, officer=OfficerFactory(country="VN", gender="male"))
    PlacementFactory(batch=late, officer=OfficerFactory(country="VN", gender="female"))
    PlacementFactory(batch=late, officer=OfficerFactory(country="KH", gender=""))
    PlacementFactory(batch=late, outcome=PlacementOutcome.WITHDRAWN, officer=OfficerFactory(country="MM"))
    return {"early": early, "late": late}


def test_graduates_are_counted_by_batch_country_and_gender(graduates):
    report = funder_report()
    assert [row.batch for row in report.rows] == ["8th Batch, 2006-2007", "13th Batch, 2014-2015"]
    late = report.rows[1]
    assert late.by_country == {"VN": 2, "KH": 1}
    assert late.by_gender == {"male": 1, "female": 1, "": 1}
    assert late.total == 3
    assert report.totals.total == 4


def test_a_year_range_keeps_the_batches_that_ended_in_it(graduates):
    assert [row.batch for row in funder_report(year_from=2010).rows] == ["13th Batch, 2014-2015"]
    assert [row.batch for row in funder_report(year_to=2010).rows] == ["8th Batch, 2006-2007"]
    assert funder_report(year_from=2016, year_to=2020).rows == []


def test_the_report_is_two_queries_however_many_graduates(graduates, django_assert_num_queries):
    with django_assert_num_queries(2):  # the counts by batch, country and gender; the batches with their tracks
        funder_report()


@pytest.mark.parametrize("batches", RECORD_COUNTS)
def test_the_report_page_query_count_does_not_grow(viewer_client, django_assert_num_queries, batches):
    track = ProgrammeTrackFactory()
    for number in range(1, batches + 1):
        PlacementFactory(batch=BatchFactory(track=track, number=number), officer=OfficerFactory(gender="female"))
    session_and_user, permissions = 2, 2
    report = 2  # the counts by batch, country and gender; the batches with their tracks
    divisions = 1  # the placements file's division choices; its batch is searched for as you type
    with django_assert_num_queries(session_and_user + permissions + report + divisions):
        response = viewer_client.get(reverse("admin:funder_report"))
    assert len(response.context["body"]) == batches
    assert 'data-model-name="placement"' in response.content.decode()


def test_the_report_page_shows_the_table(graduates, viewer_client):
    response = viewer_client.get(reverse("admin:funder_report"), {"year_from": "2010"})
    assert [row["batch"] for row in response.context["body"]] == ["13th Batch, 2014-2015"]
    assert response.context["footer"]["counts"][-1] == 3
    assert '<th scope="row">Junior Diplomats</th>' in response.content.decode()


def test_a_backwards_year_range_is_explained(graduates, viewer_client):
    response = viewer_client.get(reverse("admin:funder_report"), {"year_from": "2020", "year_to": "2010"})
    assert "The range ends before it starts." in response.content.decode()


def test_the_report_downloads_as_csv(graduates, viewer_client):
    response = viewer_client.get(reverse("admin:funder_report"), {"download": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="graduates-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Track", "Batch", "Cambodia", "Lao PDR", "Myanmar", "Viet Nam", "Female", "Male", "Not recorded", "Graduates",
    ]  # fmt: skip
    assert rows[2] == ["Junior Diplomats", "13th Batch, 2014-2015", "1", "0", "0", "2", "1", "1", "1", "3"]
    assert rows[-1][0] == "Total" and rows[-1][-1] == "4"


def test_the_report_downloads_as_xlsx(graduates, viewer_client):
    response = viewer_client.get(reverse("admin:funder_report"), {"download": "xlsx", "year_from": "2010"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][:2] == ("Junior Diplomats", "13th Batch, 2014-2015")
    assert rows[1][-1] == 3


def test_every_placement_of_a_batch_comes_in_one_file_without_contact_details(graduates, viewer_client):
    response = viewer_client.get(
        reverse("admin:placements_file"), {"batch": graduates["late"].pk, "file_format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert {row["Outcome"] for row in rows} == {"Completed (graduated)", "Withdrawn"}
    assert "@example.org" not in text


def test_every_placement_of_a_division_comes_in_one_file(viewer_client):
    division = DivisionFactory(name="Social Welfare Division")
    PlacementFactory.create_batch(2, division=division)
    PlacementFactory()
    response = viewer_client.get(reverse("admin:placements_file"), {"division": division.pk, "file_format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 3 and rows[1][6] == "Social Welfare Division"


def test_a_placements_file_needs_one_batch_or_one_division(viewer_client):
    response = viewer_client.get(reverse("admin:placements_file"), {"file_format": "csv"})
    assert response.status_code == 400
    assert "Choose one batch or one division." in response.content.decode()


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(batch_placements_client):
    client, batch = batch_placements_client
    as_csv = client.get(reverse("admin:placements_file"), {"batch": batch.pk, "file_format": "csv"})
    row = next(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert (row["Officer"], row["Supervisor"]) == ("'=HYPERLINK(1)", "'+1 dangerous")
    as_xlsx = client.get(reverse("admin:placements_file"), {"batch": batch.pk, "file_format": "xlsx"})
    cell = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


@pytest.fixture
def batch_placements_client(viewer_client):
    placement = PlacementFactory(officer=OfficerFactory(full_name="=HYPERLINK(1)"), supervisor_name="+1 dangerous")
    return viewer_client, placement.batch


def test_only_staff_who_may_view_placements_see_the_report(communications_client, editor_client, viewer_client):
    assert communications_client.get(reverse("admin:funder_report")).status_code == 403
    assert communications_client.get(reverse("admin:placements_file")).status_code == 403
    assert editor_client.get(reverse("admin:funder_report")).status_code == 200
    index = communications_client.get(reverse("admin:index"))
    assert "reports" not in [app["app_label"] for app in index.context["app_list"]]
    index = viewer_client.get(reverse("admin:index"))
    assert "reports" in [app["app_label"] for app in index.context["app_list"]]

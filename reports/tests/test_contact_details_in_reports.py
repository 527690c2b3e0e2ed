"""The funder's report and the placements file by role: the officers' email and phone appear in the
placements file for staff who may see contact details (editors) and nowhere else; the report itself
counts people and names no one."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "keo.sophea.private@example.org"
PHONE = "+855 23 000 111"
LOGIN = "keo.sophea.login@example.org"
CONTACT_DETAILS = (EMAIL, PHONE, LOGIN)


@pytest.fixture
def placement(db):
    officer = OfficerFactory(
        full_name="Keo Sophea", country="KH", email=EMAIL, phone=PHONE, user=UserFactory(username=LOGIN)
    )
    return PlacementFactory(officer=officer)


def placements_file(client, placement, file_format: str = "csv"):
    return client.get(reverse("admin:placements_file"), {"batch": placement.batch.pk, "file_format": file_format})


def csv_table(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_table(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_editors_placements_file_has_the_officers_email_and_phone(placement, editor_client, file_format):
    response = placements_file(editor_client, placement, file_format)
    header, row = (csv_table if file_format == "csv" else xlsx_table)(response)
    officer = dict(zip(header, row, strict=True))
    assert officer["Officer"] == "Keo Sophea"
    assert officer["Email"] == EMAIL
    assert PHONE in officer["Phone"]  # kept as text: a leading "+" is not run as a formula
    assert "Login" not in header and LOGIN not in row


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_viewers_placements_file_has_no_contact_details(placement, viewer_client, file_format):
    response = placements_file(viewer_client, placement, file_format)
    assert response.status_code == 200
    header, row = (csv_table if file_format == "csv" else xlsx_table)(response)
    assert not {"Email", "Phone", "Login"} & set(header)
    assert "Keo Sophea" in row
    assert not [detail for detail in CONTACT_DETAILS for cell in row if detail in cell]


def test_communications_gets_no_placements_file(placement, communications_client):
    assert placements_file(communications_client, placement).status_code == 403


def test_the_page_says_what_the_file_holds_for_each_role(placement, editor_client, viewer_client):
    report = reverse("admin:funder_report")
    assert "email and phone" in editor_client.get(report).content.decode()
    assert "It holds no contact details." in viewer_client.get(report).content.decode()


@pytest.mark.parametrize("client_fixture", ["editor_client", "viewer_client"])
def test_the_funders_report_names_no_one_in_any_form(placement, request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    report = reverse("admin:funder_report")
    for response in [client.get(report), client.get(report, {"download": "csv"})]:
        content = response.content.decode("utf-8-sig")
        assert "Keo Sophea" not in content
        assert not [detail for detail in CONTACT_DETAILS if detail in content]
    cells = xlsx_table(client.get(report, {"download": "xlsx"}))
    assert not [
        detail for row in cells for cell in row for detail in (*CONTACT_DETAILS, "Keo Sophea") if detail in cell
    ]

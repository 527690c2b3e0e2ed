"""Officers' contact details (email, phone, login) by role, through every page of the workspace.

Editors see them; Communications and viewers see officers' names and public facts only: not on a
list, a form (as an input or a read-only value), a record's history, an export's header or rows, and
they cannot find an officer by their email either.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from core.versioning import VersionedModel
from officers.models import Officer
from officers.services.consent import withdraw_consent
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "chhy.ratha.private@example.org"
OLD_EMAIL = "chhy.ratha.before@example.org"
PHONE = "+855 12 345 678"
LOGIN = "chhy.ratha.login@example.org"
CONTACT_DETAILS = (EMAIL, OLD_EMAIL, PHONE, LOGIN)
CONTACT_COLUMNS = {"email", "phone", "login"}

ROLES = ["editor_client", "communications_client", "viewer_client"]
HIDDEN_FROM = ["communications_client", "viewer_client"]
PORTAL_APPS = ("batches", "officers")


@pytest.fixture
def officer(db) -> Officer:
    """An officer whose contact details changed once, who changed their own record once (the history
    names their login), with a placement, a career step and a story with a photo."""
    officer = OfficerFactory(
        full_name="Chhy Ratha", country="KH", email=OLD_EMAIL, phone=PHONE, user=UserFactory(username=LOGIN)
    )
    officer.email = EMAIL
    officer.save()
    withdraw_consent(officer=officer, by=officer.user)
    PlacementFactory(officer=officer)
    CareerMilestoneFactory(officer=officer)
    StoryPhotoFactory(story=GraduateStoryFactory(officer=officer))
    return officer


def portal_models() -> list:
    return [model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS]


def url_of(model, page: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


def pages_of(client, model) -> list:
    """The list, the first record's form, its history and its oldest version, as far as the role may open them."""
    listing = client.get(url_of(model, "changelist"))
    if listing.status_code == 403:
        return []
    assert listing.status_code == 200, model
    pages = [listing]
    record = model._default_manager.order_by("pk").first()
    if record is not None:
        urls = [url_of(model, "change", record.pk), url_of(model, "history", record.pk)]
        if isinstance(record, VersionedModel):  # an old version of a record without versions does not open yet
            oldest = getattr(record, model._meta.simple_history_manager_attribute).earliest()
            urls.append(url_of(model, "simple_history", record.pk, oldest.history_id))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            pages.append(response)
    return pages


def form_field_names(response) -> set[str]:
    """Every field an admin form shows, as an input or read-only."""
    return {
        field.field["name"] if field.is_readonly else field.field.name
        for fieldset in response.context["adminform"]
        for line in fieldset
        for field in line
    }


def export(client, model, file_format: str = "csv"):
    """The list exported in full, as the export page sends it (CSV is the first format, XLSX the second)."""
    return client.post(url_of(model, "export"), {"format": {"csv": "0", "xlsx": "1"}[file_format], "resource": "0"})


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_cells(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# Pages


@pytest.mark.parametrize("client_fixture", HIDDEN_FROM)
def test_no_page_shows_contact_details_to_communications_or_viewers(officer, request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    opened = 0
    for model in portal_models():
        for page in pages_of(client, model):
            opened += 1
            content = page.content.decode()
            for detail in CONTACT_DETAILS:
                assert detail not in content, (model._meta.model_name, page.request["PATH_INFO"], detail)
            for name in ("email", "phone", "user"):
                assert f'name="{name}"' not in content, (model._meta.model_name, name)
    assert opened >= 4  # the officers' pages at least


@pytest.mark.parametrize("client_fixture", HIDDEN_FROM)
def test_the_officer_form_has_no_contact_details_field_for_communications_or_viewers(officer, request, client_fixture):
    response = request.getfixturevalue(client_fixture).get(url_of(Officer, "change", officer.pk))
    fields = form_field_names(response)
    assert not fields & {"email", "phone", "user"}
    assert "full_name" in fields and "country" in fields
    assert "Private contact details" not in response.content.decode()


def test_an_editor_sees_the_contact_details_as_inputs_and_the_login_read_only(officer, editor_client):
    content = editor_client.get(url_of(Officer, "change", officer.pk)).content.decode()
    assert f'name="email" value="{EMAIL}"' in content
    assert f'name="phone" value="{PHONE}"' in content
    assert 'name="user"' not in content  # the login is linked by inviting, so it is shown, not edited
    assert LOGIN in content


def test_an_editor_sees_contact_details_in_the_history(officer, editor_client):
    content = editor_client.get(url_of(Officer, "history", officer.pk)).content.decode()
    assert OLD_EMAIL in content and EMAIL in content
    assert LOGIN in content  # the officer's own change, by their login


@pytest.mark.parametrize("client_fixture", HIDDEN_FROM)
def test_the_history_names_the_officer_not_their_login(officer, request, client_fixture):
    content = request.getfixturevalue(client_fixture).get(url_of(Officer, "history", officer.pk)).content.decode()
    assert "Chhy Ratha (on their own page)" in content
    assert LOGIN not in content and EMAIL not in content


# Searching and filtering


def test_an_editor_finds_an_officer_by_email(officer, editor_client):
    response = editor_client.get(url_of(Officer, "changelist"), {"q": EMAIL})
    assert list(response.context["cl"].result_list) == [officer]
    assert "email" in response.context["cl"].search_help_text


@pytest.mark.parametrize("client_fixture", HIDDEN_FROM)
def test_an_officer_cannot_be_found_by_email_without_the_right_to_see_it(officer, request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    by_email = client.get(url_of(Officer, "changelist"), {"q": EMAIL})
    assert list(by_email.context["cl"].result_list) == []
    assert "email" not in by_email.context["cl"].search_help_text
    by_name = client.get(url_of(Officer, "changelist"), {"q": "Chhy"})
    assert list(by_name.context["cl"].result_list) == [officer]
    # Nor by a lookup written into the address.
    assert client.get(url_of(Officer, "changelist"), {"email__icontains": "chhy"}).status_code == 400
    assert client.get(url_of(Officer, "changelist"), {"user__username": LOGIN}).status_code == 400


def test_a_viewer_cannot_find_a_placement_by_the_officers_email(officer, viewer_client, editor_client):
    placements = url_of(PlacementFactory._meta.model, "changelist")
    assert list(viewer_client.get(placements, {"q": EMAIL}).context["cl"].result_list) == []
    assert len(editor_client.get(placements, {"q": EMAIL}).context["cl"].result_list) == 1


def test_communications_picks_a_storys_officer_by_name_but_not_by_email(officer, communications_client):
    def search(term: str) -> list[str]:
        response = communications_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "officers", "model_name": "graduatestory", "field_name": "officer", "term": term},
        )
        assert response.status_code == 200
        return [result["text"] for result in response.json()["results"]]

    assert search("Chhy") == ["Chhy Ratha"]
    assert search(EMAIL) == []


# Exports


def test_an_editors_officer_export_has_the_contact_columns(officer, editor_client):
    [row] = csv_rows(export(editor_client, Officer))
    # A leading "+" would make a spreadsheet run the cell as a formula: the file keeps it as text.
    assert (row["email"], row["phone"], row["login"]) == (EMAIL, f"'{PHONE}", LOGIN)

    header, *rows = xlsx_cells(export(editor_client, Officer, "xlsx"))
    assert CONTACT_COLUMNS <= set(header)
    row = dict(zip(header, rows[0], strict=True))
    assert (row["email"], row["login"]) == (EMAIL, LOGIN)
    assert PHONE in row["phone"]


@pytest.mark.parametrize("client_fixture", HIDDEN_FROM)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_officer_export_leaves_the_contact_details_out(officer, request, client_fixture, file_format):
    response = export(request.getfixturevalue(client_fixture), Officer, file_format)
    assert response.status_code == 200
    if file_format == "csv":
        [row] = csv_rows(response)
        header, values = list(row), list(row.values())
    else:
        header, values = xlsx_cells(response)
    assert not CONTACT_COLUMNS & set(header)
    assert {"full_name", "country", "public_profile_consent"} <= set(header)
    assert "Chhy Ratha" in values
    assert not [detail for detail in CONTACT_DETAILS for value in values if detail in str(value)]


@pytest.mark.parametrize("client_fixture", ROLES)
def test_no_placement_or_career_step_export_carries_contact_details(officer, request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    for model in (PlacementFactory._meta.model, CareerMilestoneFactory._meta.model):
        response = export(client, model)
        if client_fixture == "communications_client":
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        content = response.content.decode("utf-8-sig")
        assert "Chhy Ratha" in content
        assert not [detail for detail in CONTACT_DETAILS if detail in content]


def test_the_export_page_lists_the_columns_the_role_gets(officer, editor_client, viewer_client):
    def columns(client) -> set[str]:
        [(_name, listed)] = client.get(url_of(Officer, "export")).context["fields_list"]
        return set(listed)

    assert CONTACT_COLUMNS <= columns(editor_client)
    assert not CONTACT_COLUMNS & columns(viewer_client)

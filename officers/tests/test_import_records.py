"""Importing officers, placements and career milestones: natural keys, defaults, round trips."""

from datetime import date

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from core.imports.problems import describe_problems
from officers.models import CareerMilestone, Officer, Placement, PlacementOutcome
from officers.resources import CareerMilestoneResource, OfficerResource, PlacementResource
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, OrganisationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def run(resource, headers: list[str], *rows, user=None):
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    result = resource.import_data(dataset, dry_run=False, user=user)
    return result, [(p.row, p.column, p.reason) for p in describe_problems(result, resource)]


def test_a_new_officer_gets_a_slug_from_the_name_and_consent_is_dated(editor):
    _result, problems = run(
        OfficerResource(), ["full_name", "country", "public_profile_consent"], ["Keo Sophea", "kh", "yes"], user=editor
    )
    assert problems == []
    officer = Officer.objects.get(slug="keo-sophea")
    assert (officer.country, officer.public_profile_consent, officer.consent_changed_on) == (
        "KH",
        True,
        timezone.localdate(),
    )
    # Saved, then its consent recorded by the consent service with the sheet standing for the form.
    assert officer.consent_form_reference == "Spreadsheet import, row 2"
    assert {entry.history_user for entry in officer.history.all()} == {editor}


def test_an_officer_is_updated_by_slug(editor):
    officer = OfficerFactory(slug="chhy-ratha", full_name="Chhy Ratha", country="KH", position_at_nomination="")
    run(
        OfficerResource(),
        ["slug", "full_name", "country", "position_at_nomination"],
        ["chhy-ratha", "Chhy Ratha", "Cambodia", "Officer"],
    )
    officer.refresh_from_db()
    assert (officer.position_at_nomination, officer.version) == ("Officer", 2)
    assert Officer.objects.count() == 1


def test_a_placement_without_an_outcome_starts_active():
    officer = OfficerFactory(slug="hoang-quoc-trung")
    BatchFactory(track=ProgrammeTrackFactory(slug="junior-diplomats"), number=13)
    _result, problems = run(
        PlacementResource(),
        ["officer", "track", "batch", "outcome"],
        ["hoang-quoc-trung", "junior-diplomats", "13", ""],
    )
    assert problems == []
    assert Placement.objects.get(officer=officer).outcome == PlacementOutcome.ACTIVE


def test_a_placement_outcome_may_be_written_as_its_label():
    placement = PlacementFactory(outcome=PlacementOutcome.ACTIVE)
    run(
        PlacementResource(),
        ["officer", "track", "batch", "outcome"],
        [placement.officer.slug, placement.batch.track.slug, str(placement.batch.number), "Completed (graduated)"],
    )
    assert Placement.objects.get(pk=placement.pk).outcome == PlacementOutcome.COMPLETED


def test_a_milestone_without_a_date_column_is_matched_by_officer_and_title():
    milestone = CareerMilestoneFactory(title="Assistant to Minister", date=None, source_note="")
    _result, problems = run(
        CareerMilestoneResource(),
        ["officer", "title", "source", "source_note"],
        [milestone.officer.slug, "Assistant to Minister", "published_story", "From the article"],
    )
    assert problems == []
    assert CareerMilestone.objects.get().source_note == "From the article"


def test_a_milestones_organisation_is_found_in_the_officers_country():
    officer = OfficerFactory(slug="ratha", country="KH")
    OrganisationFactory(name="Ministry of Foreign Affairs", country="VN")
    cambodian = OrganisationFactory(name="Ministry of Foreign Affairs", country="KH")
    _result, problems = run(
        CareerMilestoneResource(),
        ["officer", "title", "organisation", "date", "source"],
        ["ratha", "Director", "Ministry of Foreign Affairs", "2019-06", "officer"],
    )
    assert problems == []
    milestone = CareerMilestone.objects.get(officer=officer)
    assert (milestone.organisation, milestone.date, milestone.date_precision) == (cambodian, date(2019, 6, 1), "month")


def test_a_milestone_without_a_source_is_refused():
    OfficerFactory(slug="ratha")
    _result, problems = run(CareerMilestoneResource(), ["officer", "title", "source"], ["ratha", "Director", ""])
    assert problems == [(2, "source", "This field cannot be blank.")]


@pytest.mark.parametrize("model", ["officer", "placement", "careermilestone"])
def test_an_export_imports_back_as_all_unchanged(editor_client, model):
    CareerMilestoneFactory(officer=PlacementFactory().officer, checked_by=None)
    exported = editor_client.post(reverse(f"admin:officers_{model}_export"), {"format": "0", "resource": "0"})
    response = editor_client.post(
        reverse(f"admin:officers_{model}_import"),
        {"import_file": SimpleUploadedFile("export.csv", exported.content), "format": "0", "resource": "0"},
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), response.context["problems"]
    assert {row.import_type for row in result.rows} == {"skip"}


def test_formula_like_text_is_exported_as_text_and_imports_back_as_it_was(editor_client):
    officer = OfficerFactory(phone="+84 24 0000 0000", bio="=HYPERLINK(1)")
    exported = editor_client.post(reverse("admin:officers_officer_export"), {"format": "0", "resource": "0"})
    text = exported.content.decode("utf-8")
    assert "'+84 24 0000 0000" in text and "'=HYPERLINK(1)" in text
    _result, problems = run(
        OfficerResource(), ["slug", "full_name", "country", "phone"], [officer.slug, officer.full_name, "VN", "'+84 1"]
    )
    assert problems == []
    assert Officer.objects.get(pk=officer.pk).phone == "+84 1"


def test_the_import_page_lists_the_columns_an_import_reads(editor_client):
    response = editor_client.get(reverse("admin:officers_placement_import"))
    [(_name, columns)] = response.context["fields_list"]
    assert columns[:3] == ["officer", "track", "batch"]
    assert "officer_name" not in columns

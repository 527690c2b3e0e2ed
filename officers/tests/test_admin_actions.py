"""The changelist actions: enrol in a batch (with its intermediate page), mark placements
completed, mark milestones checked, export the selected rows. Each records its author."""

import pytest
from django.urls import reverse

from batches.tests.factories import BatchFactory, DivisionFactory
from officers.models import CareerMilestone, Placement, PlacementOutcome, ReportKind
from officers.tests.attachment_factories import AttachmentReportFactory, SupervisedPlacementFactory
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, PlacementFactory
from officers.tests.test_certificates import quick_pdfs  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def post_action(client, model: str, action: str, records, **extra):
    data = {"action": action, "_selected_action": [record.pk for record in records], **extra}
    return client.post(reverse(f"admin:officers_{model}_changelist"), data, follow="apply" in extra)


def test_enrolling_first_asks_for_the_batch_and_division(editor_client):
    officers = OfficerFactory.create_batch(2)
    response = post_action(editor_client, "officer", "enrol_in_batch", officers, index=0)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/officers/officer/enrol.html"
    page = response.content.decode()
    assert all(officer.full_name in page for officer in officers)
    assert Placement.objects.count() == 0


def test_enrolling_places_every_selected_officer_and_records_the_author(editor_client):
    officers = OfficerFactory.create_batch(2)
    batch, division = BatchFactory(), DivisionFactory()
    response = post_action(
        editor_client, "officer", "enrol_in_batch", officers, apply="Enrol", batch=batch.pk, division=division.pk
    )
    assert "Enrolled 2 officers in" in response.content.decode()
    placements = Placement.objects.filter(batch=batch, division=division, outcome=PlacementOutcome.ACTIVE)
    assert {placement.officer for placement in placements} == set(officers)
    assert {placement.history.get().history_user.username for placement in placements} == {"editor@example.org"}


def test_enrolling_names_officers_already_in_that_batch_and_leaves_them_be(editor_client):
    placed = PlacementFactory(outcome=PlacementOutcome.COMPLETED)
    newcomer = OfficerFactory(full_name="New Comer")
    response = post_action(
        editor_client, "officer", "enrol_in_batch", [placed.officer, newcomer], apply="Enrol", batch=placed.batch.pk
    )
    page = response.content.decode()
    assert "Enrolled 1 officer in" in page
    assert f"Already in {placed.batch}, left as they were: {placed.officer.full_name}." in page
    assert Placement.objects.get(pk=placed.pk).outcome == PlacementOutcome.COMPLETED
    assert Placement.objects.filter(officer=newcomer, batch=placed.batch, division=None).exists()


def test_enrolling_without_a_batch_asks_again(editor_client):
    officer = OfficerFactory()
    response = post_action(editor_client, "officer", "enrol_in_batch", [officer], apply="Enrol")
    assert response.status_code == 200
    assert response.context["form"].errors["batch"]
    assert Placement.objects.count() == 0


def test_viewer_cannot_enrol(viewer_client):
    officer, batch = OfficerFactory(), BatchFactory()
    post_action(viewer_client, "officer", "enrol_in_batch", [officer], apply="Enrol", batch=batch.pk)
    assert Placement.objects.count() == 0


@pytest.mark.usefixtures("quick_pdfs")
def test_marking_placements_completed_leaves_withdrawn_ones_and_records_the_author(editor_client):
    active = SupervisedPlacementFactory()
    AttachmentReportFactory(placement=active, kind=ReportKind.FINAL, signed_off=True)
    withdrawn = PlacementFactory(outcome=PlacementOutcome.WITHDRAWN)
    response = post_action(editor_client, "placement", "mark_placements_completed", [active, withdrawn], index=0)
    response = editor_client.get(response["Location"])
    page = response.content.decode()
    assert "Marked 1 placement completed and issued its certificate" in page
    assert "Left as they were (already completed or withdrawn)" in page
    active.refresh_from_db()
    assert active.outcome == PlacementOutcome.COMPLETED
    assert active.history.latest().history_user.username == "editor@example.org"
    assert Placement.objects.get(pk=withdrawn.pk).outcome == PlacementOutcome.WITHDRAWN


def test_marking_milestones_checked_records_who_and_when(editor_client, editor):
    milestone = CareerMilestoneFactory()
    post_action(editor_client, "careermilestone", "mark_milestones_checked", [milestone], index=0)
    milestone = CareerMilestone.objects.get(pk=milestone.pk)
    assert milestone.checked_by == editor
    assert milestone.checked_at is not None
    assert milestone.history.latest().history_user == editor


def test_exporting_the_selected_rows_exports_only_those(editor_client):
    chosen, other = OfficerFactory(full_name="Chosen One"), OfficerFactory(full_name="Not Chosen")
    page = post_action(editor_client, "officer", "export_admin_action", [chosen], index=0)
    assert page.status_code == 200
    response = editor_client.post(
        reverse("admin:officers_officer_export"), {"format": "0", "resource": "0", "export_items": [chosen.pk]}
    )
    exported = response.content.decode("utf-8")
    assert "Chosen One" in exported and other.full_name not in exported
    assert exported.splitlines()[0].lstrip("\ufeff").startswith("slug,full_name")

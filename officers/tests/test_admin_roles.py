"""Each role's limits, proved through the admin's own URLs (changelist, add, change, delete,
actions, import, export, report)."""

import pytest
from django.urls import reverse

from officers.models import GraduateStory, Officer, Placement, PlacementOutcome, StoryState
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def action_names(response) -> set[str]:
    return {name for name, _label in response.context["action_form"].fields["action"].choices if name}


def run_action(client, model: str, action: str, records):
    return client.post(
        reverse(f"admin:officers_{model}_changelist"),
        {"action": action, "_selected_action": [record.pk for record in records], "index": 0},
    )


# --- Secretariat viewer: reads everything, changes nothing.


def test_viewer_reads_every_changelist(viewer_client):
    for name in ["officer", "placement", "careermilestone", "graduatestory", "storyphoto", "organisation"]:
        assert viewer_client.get(reverse(f"admin:officers_{name}_changelist")).status_code == 200
    for name in ["batch", "programmetrack", "division", "activity", "pillar"]:
        assert viewer_client.get(reverse(f"admin:batches_{name}_changelist")).status_code == 200


def test_viewer_sees_an_officer_read_only(viewer_client):
    officer = OfficerFactory()
    response = viewer_client.get(reverse("admin:officers_officer_change", args=[officer.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="opened_version"' not in response.content.decode()


def test_viewers_post_to_a_change_form_is_refused(viewer_client, editor_client, admin_form_data):
    officer = OfficerFactory(full_name="Kept Name")
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    data = admin_form_data(editor_client.get(url))
    data["full_name"] = "Changed by a viewer"
    assert viewer_client.post(url, data).status_code == 403
    assert Officer.objects.get(pk=officer.pk).full_name == "Kept Name"


def test_viewer_cannot_add_delete_or_import(viewer_client):
    officer = OfficerFactory()
    assert viewer_client.get(reverse("admin:officers_officer_add")).status_code == 403
    assert (
        viewer_client.post(reverse("admin:officers_officer_delete", args=[officer.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert viewer_client.get(reverse("admin:officers_officer_import")).status_code == 403
    assert Officer.objects.filter(pk=officer.pk).exists()


def test_viewer_may_export_what_they_may_read(viewer_client):
    OfficerFactory(full_name="Exported Officer")
    response = viewer_client.post(reverse("admin:officers_officer_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert "Exported Officer" in response.content.decode("utf-8")


def test_viewer_is_offered_no_action_that_writes_and_cannot_run_one(viewer_client):
    placement = PlacementFactory(outcome=PlacementOutcome.ACTIVE)
    response = viewer_client.get(reverse("admin:officers_placement_changelist"))
    assert action_names(response) == {"export_admin_action"}
    run_action(viewer_client, "placement", "mark_placements_completed", [placement])
    assert Placement.objects.get(pk=placement.pk).outcome == PlacementOutcome.ACTIVE


def test_viewer_sees_the_funders_report(viewer_client):
    assert viewer_client.get(reverse("admin:funder_report")).status_code == 200


# --- Communications: stories and photos, and publishing.


def test_communications_cannot_see_or_edit_placements(communications_client, editor_client, admin_form_data):
    placement = PlacementFactory(supervisor_name="Original Supervisor")
    url = reverse("admin:officers_placement_change", args=[placement.pk])
    data = admin_form_data(editor_client.get(url))
    data["supervisor_name"] = "Changed by Communications"
    assert communications_client.get(reverse("admin:officers_placement_changelist")).status_code == 403
    assert communications_client.get(url).status_code == 403
    assert communications_client.post(url, data).status_code == 403
    assert Placement.objects.get(pk=placement.pk).supervisor_name == "Original Supervisor"


def test_communications_reads_officers_but_cannot_change_them(communications_client, editor_client, admin_form_data):
    officer = OfficerFactory(full_name="Kept Name")
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    data = admin_form_data(editor_client.get(url))
    data["full_name"] = "Changed"
    assert communications_client.get(url).status_code == 200
    assert communications_client.post(url, data).status_code == 403
    assert Officer.objects.get(pk=officer.pk).full_name == "Kept Name"


def test_communications_edits_a_story(communications_client, admin_form_data):
    story = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    url = reverse("admin:officers_graduatestory_change", args=[story.pk])
    data = admin_form_data(communications_client.get(url))
    data["headline"] = "A better headline"
    assert communications_client.post(url, data).status_code == 302
    assert GraduateStory.objects.get(pk=story.pk).headline == "A better headline"


def test_communications_has_no_report_and_no_imports(communications_client):
    assert communications_client.get(reverse("admin:funder_report")).status_code == 403
    assert communications_client.get(reverse("admin:officers_officer_import")).status_code == 403
    assert communications_client.get(reverse("admin:batches_batch_changelist")).status_code == 403


def test_communications_is_offered_publishing(communications_client):
    response = communications_client.get(reverse("admin:officers_graduatestory_changelist"))
    assert {"publish_stories", "unpublish_stories"} <= action_names(response)


# --- Secretariat editor: every programme record, imports; stories but not publishing.


def test_editor_edits_a_placement(editor_client, admin_form_data):
    placement = PlacementFactory(supervisor_name="Old Supervisor")
    url = reverse("admin:officers_placement_change", args=[placement.pk])
    data = admin_form_data(editor_client.get(url))
    data["supervisor_name"] = "New Supervisor"
    assert editor_client.post(url, data).status_code == 302
    assert Placement.objects.get(pk=placement.pk).supervisor_name == "New Supervisor"


def test_editor_may_import_and_export(editor_client):
    for name in ["officer", "placement", "careermilestone"]:
        assert editor_client.get(reverse(f"admin:officers_{name}_import")).status_code == 200
        assert editor_client.get(reverse(f"admin:officers_{name}_export")).status_code == 200
    assert editor_client.get(reverse("admin:batches_batch_import")).status_code == 200


def test_editor_is_not_offered_publishing_and_cannot_run_it(editor_client):
    story = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None)
    response = editor_client.get(reverse("admin:officers_graduatestory_changelist"))
    assert not {"publish_stories", "unpublish_stories"} & action_names(response)
    run_action(editor_client, "graduatestory", "publish_stories", [story])
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.IN_REVIEW


def test_anonymous_visitors_are_sent_to_sign_in():
    from django.test import Client

    response = Client().get(reverse("admin:officers_officer_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_officer_without_staff_status_is_kept_out(officer_a_client):
    response = officer_a_client.get(reverse("admin:officers_officer_changelist"))
    assert response.status_code == 302
    assert officer_a_client.get(reverse("admin:funder_report")).status_code == 302

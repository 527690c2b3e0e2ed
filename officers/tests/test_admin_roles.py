"""Each role's limits, proved through the admin's own URLs (changelist, add, change, delete,
actions, import, export, report)."""

import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from batches.tests.factories import ActivityFactory, BatchFactory, ProgrammeTrackFactory
from officers.models import GraduateStory, Officer, Placement, PlacementOutcome, StoryState
from officers.tests.admin_reading import counted, has_save_button, heading, object_tools
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def action_names(response) -> set[str]:
    return {name for name, _label in response.context["action_form"].fields["action"].choices if name}


def workspace_links(client) -> set[str]:
    """The pages the workspace's home page links to."""
    return set(re.findall(r'href="(/admin/[^"]+)"', client.get(reverse("admin:index")).content.decode()))


def messages_of(response) -> list[str]:
    """The messages shown at the top of the page, as read (the record's name is a link)."""
    return [strip_tags(str(message)) for message in response.context["messages"]]


def run_action(client, model: str, action: str, records):
    return client.post(
        reverse(f"admin:officers_{model}_changelist"),
        {"action": action, "_selected_action": [record.pk for record in records], "index": 0},
    )


# --- Secretariat viewer: reads everything, changes nothing.


def test_viewer_reads_every_changelist_with_nothing_to_add_or_import(viewer_client):
    StoryPhotoFactory(story=GraduateStoryFactory(headline="A story to read"))
    CareerMilestoneFactory(title="A career step to read")
    ActivityFactory(title="An activity to read")
    changelists = [("officers", name) for name in ["officer", "placement", "careermilestone", "graduatestory"]]
    changelists += [("officers", "storyphoto"), ("officers", "organisation")]
    changelists += [("batches", name) for name in ["batch", "programmetrack", "division", "activity", "pillar"]]
    for app_label, name in changelists:
        response = viewer_client.get(reverse(f"admin:{app_label}_{name}_changelist"))
        opts = apps.get_model(app_label, name)._meta
        assert heading(response) == f"Select {opts.verbose_name} to view", name
        records = opts.model._default_manager.count()
        assert records > 0, name
        assert counted(records, opts) in text_of(response), name
        assert not {tool for tool in object_tools(response) if tool.startswith(("Add", "Import"))}, name
    assert "A story to read" in text_of(viewer_client.get(reverse("admin:officers_graduatestory_changelist")))


def test_viewer_sees_an_officer_read_only(viewer_client):
    officer = OfficerFactory()
    response = viewer_client.get(reverse("admin:officers_officer_change", args=[officer.pk]))
    assert response.context["has_change_permission"] is False
    page = response.content.decode()
    assert heading(response) == "View officer"
    assert f'<div class="readonly">{officer.full_name}</div>' in page
    assert 'name="full_name"' not in page
    assert 'name="opened_version"' not in page
    assert not has_save_button(response)
    assert 'class="deletelink"' not in page


def test_viewers_post_to_a_change_form_is_refused(viewer_client, editor_client, admin_form_data):
    officer = OfficerFactory(full_name="Kept Name")
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    data = admin_form_data(editor_client.get(url))
    data["full_name"] = "Changed by a viewer"
    assert viewer_client.post(url, data).status_code == 403
    assert Officer.objects.get(pk=officer.pk).full_name == "Kept Name"


def test_viewer_cannot_save_an_old_version_from_the_history(viewer_client, editor_client, admin_form_data):
    officer = OfficerFactory(full_name="First Name")
    officer.full_name = "Current Name"
    officer.save()
    first_version = officer.history.earliest()
    url = reverse("admin:officers_officer_simple_history", args=[officer.pk, first_version.history_id])
    assert viewer_client.get(url).status_code == 200  # reading the old version is allowed
    data = admin_form_data(editor_client.get(url))
    assert data["full_name"] == "First Name"
    assert viewer_client.post(url, data).status_code == 403
    assert Officer.objects.get(pk=officer.pk).full_name == "Current Name"
    editor_client.post(url, data)
    assert Officer.objects.get(pk=officer.pk).full_name == "First Name"


def test_viewer_cannot_add_delete_or_import(viewer_client):
    officer = OfficerFactory()
    assert object_tools(viewer_client.get(reverse("admin:officers_officer_changelist"))) == ["Export"]
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


def test_viewer_sees_the_funders_report_linked_from_the_workspace(viewer_client):
    track = ProgrammeTrackFactory(short_name="Junior Diplomats")
    PlacementFactory(batch=BatchFactory(track=track, number=13))
    url = reverse("admin:funder_report")
    assert url in workspace_links(viewer_client)
    response = viewer_client.get(url)
    page = text_of(response)
    assert heading(response) == "Funder's report"
    assert "Graduates by track, batch, country and gender" in page
    assert "Junior Diplomats 13th Batch, 2014-2015" in page
    assert "Download XLSX" in page and "Download CSV" in page


# --- Communications: stories and photos, and publishing.


def test_communications_cannot_see_or_edit_placements(communications_client, editor_client, admin_form_data):
    placement = PlacementFactory(supervisor_name="Original Supervisor")
    url = reverse("admin:officers_placement_change", args=[placement.pk])
    data = admin_form_data(editor_client.get(url))
    data["supervisor_name"] = "Changed by Communications"
    assert reverse("admin:officers_placement_changelist") not in workspace_links(communications_client)
    assert communications_client.get(reverse("admin:officers_placement_changelist")).status_code == 403
    assert communications_client.get(url).status_code == 403
    assert communications_client.post(url, data).status_code == 403
    assert Placement.objects.get(pk=placement.pk).supervisor_name == "Original Supervisor"


def test_communications_reads_officers_but_cannot_change_them(communications_client, editor_client, admin_form_data):
    officer = OfficerFactory(full_name="Kept Name")
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    data = admin_form_data(editor_client.get(url))
    data["full_name"] = "Changed"
    response = communications_client.get(url)
    assert heading(response) == "View officer"
    assert '<div class="readonly">Kept Name</div>' in response.content.decode()
    assert 'name="full_name"' not in response.content.decode()
    assert not has_save_button(response)
    assert communications_client.post(url, data).status_code == 403
    assert Officer.objects.get(pk=officer.pk).full_name == "Kept Name"


def test_communications_edits_a_story(communications_client, admin_form_data):
    story = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    url = reverse("admin:officers_graduatestory_change", args=[story.pk])
    data = admin_form_data(communications_client.get(url))
    data["headline"] = "A better headline"
    response = communications_client.post(url, data, follow=True)
    assert response.redirect_chain == [(reverse("admin:officers_graduatestory_changelist"), 302)]
    assert messages_of(response) == ["The graduate story “A better headline” was changed successfully."]
    assert GraduateStory.objects.get(pk=story.pk).headline == "A better headline"


def test_communications_has_no_report_and_no_imports(communications_client):
    links = workspace_links(communications_client)
    assert reverse("admin:funder_report") not in links
    assert reverse("admin:batches_batch_changelist") not in links
    assert "Import" not in object_tools(communications_client.get(reverse("admin:officers_officer_changelist")))
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
    response = editor_client.post(url, data, follow=True)
    assert response.redirect_chain == [(reverse("admin:officers_placement_changelist"), 302)]
    assert messages_of(response) == [f"The placement “{placement}” was changed successfully."]
    assert Placement.objects.get(pk=placement.pk).supervisor_name == "New Supervisor"


@pytest.mark.parametrize(
    ("app_label", "name", "required_columns"),
    [
        ("officers", "officer", "full_name, country"),
        ("officers", "placement", "officer, track, batch"),
        ("officers", "careermilestone", "officer, title, source"),
        ("batches", "batch", "track, number"),
    ],
)
def test_editor_may_import_and_export(editor_client, app_label, name, required_columns):
    tools = object_tools(editor_client.get(reverse(f"admin:{app_label}_{name}_changelist")))
    assert {"Import", "Export"} <= set(tools)

    upload = editor_client.get(reverse(f"admin:{app_label}_{name}_import"))
    assert heading(upload) == "Import"
    assert 'type="file" name="import_file"' in upload.content.decode()
    assert f"Required columns: {required_columns}." in text_of(upload)
    assert "Format: --- csv xlsx" in text_of(upload)

    download = editor_client.get(reverse(f"admin:{app_label}_{name}_export"))
    assert heading(download) == "Export"
    assert "Format: --- csv xlsx" in text_of(download)


def test_editor_is_not_offered_publishing_and_cannot_run_it(editor_client):
    story = GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None)
    response = editor_client.get(reverse("admin:officers_graduatestory_changelist"))
    assert not {"publish_stories", "unpublish_stories"} & action_names(response)
    run_action(editor_client, "graduatestory", "publish_stories", [story])
    assert GraduateStory.objects.get(pk=story.pk).state == StoryState.IN_REVIEW


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(reverse("admin:officers_officer_changelist"), follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/officers/officer/", 302)]
    assert 'name="password"' in response.content.decode()


def test_an_officer_without_staff_status_is_kept_out(officer_a_client):
    for url in [reverse("admin:officers_officer_changelist"), reverse("admin:funder_report")]:
        response = officer_a_client.get(url, follow=True)
        assert response.redirect_chain == [(f"/admin/login/?next={url}", 302)], url
        refusal = "You are authenticated as alpha@example.org, but are not authorized to access this page."
        assert refusal in text_of(response), url

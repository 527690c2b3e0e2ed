"""Two staff editing the same record through the admin: the second save is refused with a clear
message and the first change is kept; history revert goes through the same check."""

import pytest
from django.urls import reverse

from officers.models import Officer, Placement
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, PlacementFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this record while you were editing it"


def test_the_change_page_carries_the_version_it_was_opened_at(editor_client):
    officer = OfficerFactory()
    page = editor_client.get(reverse("admin:officers_officer_change", args=[officer.pk])).content.decode()
    assert 'name="opened_version"' in page
    assert f'name="opened_version" value="{officer.version}"' in page


def test_second_save_of_an_officer_is_refused_and_the_first_kept(editor_client, second_editor_client, admin_form_data):
    officer = PlacementFactory().officer
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    mine = admin_form_data(editor_client.get(url))
    theirs = admin_form_data(second_editor_client.get(url))

    theirs["bio"] = "Their bio"
    assert second_editor_client.post(url, theirs).status_code == 302

    mine["bio"] = "My bio"
    response = editor_client.post(url, mine)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert Officer.objects.get(pk=officer.pk).bio == "Their bio"


def test_an_inline_row_a_colleague_changed_meanwhile_is_refused_not_overwritten(
    editor_client, second_editor_client, admin_form_data
):
    placement = PlacementFactory(supervisor_name="Before")
    # The officer's page with its tables of choosers open ("Edit the placements and career steps here").
    officer_url = reverse("admin:officers_officer_change", args=[placement.officer.pk]) + "?edit-rows=1"
    mine = admin_form_data(editor_client.get(officer_url))

    placement_url = reverse("admin:officers_placement_change", args=[placement.pk])
    theirs = admin_form_data(second_editor_client.get(placement_url))
    theirs["supervisor_name"] = "Theirs"
    assert second_editor_client.post(placement_url, theirs).status_code == 302

    # The page still holds the row as it was; saving it would put "Before" back over "Theirs".
    mine["bio"] = "My bio"
    response = editor_client.post(officer_url, mine)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert Placement.objects.get(pk=placement.pk).supervisor_name == "Theirs"
    assert Officer.objects.get(pk=placement.officer.pk).bio == ""


def test_an_officer_page_saves_its_inlines_together(editor_client, admin_form_data):
    milestone = CareerMilestoneFactory(title="Old title")
    url = reverse("admin:officers_officer_change", args=[milestone.officer.pk]) + "?edit-rows=1"
    data = admin_form_data(editor_client.get(url))
    data["milestones-0-title"] = "New title"
    assert editor_client.post(url, data).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.version) == ("New title", 2)


def test_reverting_to_an_old_version_records_who_did_it(editor_client, admin_form_data):
    officer = OfficerFactory(bio="First")
    officer.bio = "Second"
    officer.save()
    first = officer.history.earliest()
    url = reverse("admin:officers_officer_simple_history", args=[officer.pk, first.history_id])
    data = admin_form_data(editor_client.get(url))
    assert editor_client.post(url, data).status_code == 302
    officer.refresh_from_db()
    assert (officer.bio, officer.version) == ("First", 3)
    assert officer.history.latest().history_user.username == "editor@example.org"


def test_a_revert_opened_before_a_colleagues_save_is_refused(editor_client, admin_form_data):
    officer = OfficerFactory(bio="First")
    officer.bio = "Second"
    officer.save()
    url = reverse("admin:officers_officer_simple_history", args=[officer.pk, officer.history.earliest().history_id])
    data = admin_form_data(editor_client.get(url))

    officer.bio = "A colleague's"
    officer.save()

    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert Officer.objects.get(pk=officer.pk).bio == "A colleague's"


def test_history_lists_each_change_with_its_author(editor_client, admin_form_data):
    officer = OfficerFactory(bio="First")
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    data = admin_form_data(editor_client.get(url))
    data["bio"] = "Second"
    editor_client.post(url, data)
    page = editor_client.get(reverse("admin:officers_officer_history", args=[officer.pk])).content.decode()
    assert "editor@example.org" in page
    assert "First" in page and "Second" in page

"""The programme's structure in the admin: batches with their computed label, status and
counts, their placements and activities on one page, and edits that never overwrite a colleague's."""

import pytest
from django.urls import reverse

from batches.models import Batch, Division
from batches.tests.factories import ActivityFactory, BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import PlacementOutcome
from officers.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def test_the_admin_says_whose_it_is_and_groups_programme_records_first(editor_client):
    response = editor_client.get(reverse("admin:index"))
    page = response.content.decode()
    assert "ASEAN Secretariat · Attachment Programme" in page
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert labels[:3] == ["batches", "officers", "reports"]
    batches = [model["object_name"] for model in response.context["app_list"][0]["models"]]
    assert batches == ["ProgrammeTrack", "Batch", "Division", "Activity", "Pillar"]


def test_batch_row_shows_label_dates_status_and_officer_counts(editor_client):
    batch = BatchFactory(track=ProgrammeTrackFactory(short_name="Junior Diplomats"), number=13)
    PlacementFactory(batch=batch, outcome=PlacementOutcome.COMPLETED)
    PlacementFactory(batch=batch, outcome=PlacementOutcome.WITHDRAWN)
    response = editor_client.get(reverse("admin:batches_batch_changelist"))
    [shown] = response.context["cl"].result_list
    assert (shown.officer_count, shown.graduate_count) == (2, 1)
    page = response.content.decode()
    assert "13th Batch, 2014-2015" in page
    assert "Completed" in page


def test_batches_filter_by_status(editor_client):
    from datetime import date

    completed = BatchFactory()
    planned = BatchFactory(start_date=date(2099, 1, 1), end_date=None)
    url = reverse("admin:batches_batch_changelist")
    assert list(editor_client.get(url, {"status": "planned"}).context["cl"].result_list) == [planned]
    assert list(editor_client.get(url, {"status": "completed"}).context["cl"].result_list) == [completed]


def test_batch_page_shows_computed_label_status_placements_and_activities(editor_client):
    batch = BatchFactory(number=13)
    placement = PlacementFactory(batch=batch)
    activity = ActivityFactory(batch=batch, title="Study visit in Japan")
    response = editor_client.get(reverse("admin:batches_batch_change", args=[batch.pk]))
    page = response.content.decode()
    assert batch.label in page and "Completed" in page
    assert placement.officer.full_name in page
    assert activity.title in page
    inline_models = {inline.opts.model for inline in response.context["inline_admin_formsets"]}
    assert {model._meta.model_name for model in inline_models} == {"placement", "activity"}


def test_batches_are_found_for_autocomplete_by_track_and_number(editor_client):
    wanted = BatchFactory(track=ProgrammeTrackFactory(name="Attachment Programme for Junior Diplomats"), number=13)
    BatchFactory(number=12)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "officers", "model_name": "placement", "field_name": "batch", "term": "junior 13"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_every_foreign_key_is_chosen_by_autocomplete():
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("batches", "officers"):
            continue
        relations = {
            field.name
            for field in model._meta.get_fields()
            if (field.many_to_one or field.many_to_many or field.one_to_one) and field.concrete and field.editable
        }
        chosen = set(model_admin.autocomplete_fields) | set(model_admin.readonly_fields) | {"user"}
        assert relations <= chosen, (model, relations - chosen)


def test_second_of_two_editors_saving_a_batch_is_refused_and_the_first_change_kept(
    editor_client, second_editor_client, admin_form_data
):
    batch = BatchFactory(notes="")
    url = reverse("admin:batches_batch_change", args=[batch.pk])
    mine = admin_form_data(editor_client.get(url))
    theirs = admin_form_data(second_editor_client.get(url))

    theirs["notes"] = "Their notes"
    assert second_editor_client.post(url, theirs).status_code == 302

    mine["notes"] = "My notes"
    response = editor_client.post(url, mine)
    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it" in response.content.decode()
    assert Batch.objects.get(pk=batch.pk).notes == "Their notes"


def test_a_division_saved_from_a_fresh_page_goes_through(editor_client, admin_form_data):
    division = DivisionFactory(department="Old")
    url = reverse("admin:batches_division_change", args=[division.pk])
    data = admin_form_data(editor_client.get(url))
    data["department"] = "New"
    assert editor_client.post(url, data).status_code == 302
    division.refresh_from_db()
    assert (division.department, division.version) == ("New", 2)
    assert division.history.latest().history_user.username == "editor@example.org"


def test_viewer_cannot_save_a_batch(viewer_client, editor_client, admin_form_data):
    batch = BatchFactory(notes="Kept")
    url = reverse("admin:batches_batch_change", args=[batch.pk])
    data = admin_form_data(editor_client.get(url))
    data["notes"] = "Changed"
    assert viewer_client.post(url, data).status_code == 403
    assert viewer_client.post(reverse("admin:batches_batch_add"), data).status_code == 403
    assert Batch.objects.get(pk=batch.pk).notes == "Kept"
    assert Division.objects.count() == 0


def test_an_old_version_of_a_pillar_opens_though_pillars_carry_no_version_number(editor_client):
    from batches.models import Pillar

    pillar = Pillar.objects.create(code="APSC", name="ASEAN Political-Security Community")
    pillar.name = "Political-Security Community"
    pillar.save()
    oldest = pillar.history.earliest()
    response = editor_client.get(reverse("admin:batches_pillar_simple_history", args=[pillar.pk, oldest.history_id]))
    assert response.status_code == 200
    assert "ASEAN Political-Security Community" in response.content.decode()

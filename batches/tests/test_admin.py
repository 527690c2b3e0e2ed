"""The programme's structure in the admin: batches with their computed label, status and
counts, their placements and activities on one page, and edits that never overwrite a colleague's."""

import pytest
from django.contrib import admin
from django.urls import reverse

from batches.models import Batch, Division
from batches.tests.factories import ActivityFactory, BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import PlacementOutcome
from officers.tests.factories import PlacementFactory
from tests.budgets import RECORD_COUNTS

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
    placement = PlacementFactory(batch=batch, division=DivisionFactory(name="Social Welfare Division"))
    activity = ActivityFactory(batch=batch, title="Study visit in Japan")
    response = editor_client.get(reverse("admin:batches_batch_change", args=[batch.pk]))
    page = response.content.decode()
    assert batch.label in page and "Completed" in page
    assert reverse("admin:officers_placement_change", args=[placement.pk]) in page
    assert placement.officer.full_name in page and "Social Welfare Division" in page
    assert reverse("admin:batches_activity_change", args=[activity.pk]) in page and activity.title in page
    assert "?edit-rows=1" in page
    assert f"{reverse('admin:officers_placement_changelist')}?batch={batch.pk}" in page
    assert response.context["inline_admin_formsets"] == []


def test_placements_are_edited_on_the_batch_page_on_request(editor_client, admin_form_data):
    batch = BatchFactory()
    placement = PlacementFactory(batch=batch, outcome=PlacementOutcome.ACTIVE)
    url = reverse("admin:batches_batch_change", args=[batch.pk]) + "?edit-rows=1"
    response = editor_client.get(url)
    inline_models = [inline.opts.model._meta.model_name for inline in response.context["inline_admin_formsets"]]
    assert inline_models == ["placement", "activity"]
    data = admin_form_data(response)
    data["placements-0-outcome"] = PlacementOutcome.COMPLETED
    assert editor_client.post(url, data).status_code == 302
    placement.refresh_from_db()
    assert placement.outcome == PlacementOutcome.COMPLETED


def test_a_viewer_sees_the_placements_but_is_not_offered_to_edit_them(viewer_client):
    placement = PlacementFactory()
    page = viewer_client.get(reverse("admin:batches_batch_change", args=[placement.batch.pk])).content.decode()
    assert placement.officer.full_name in page
    assert "?edit-rows=1" not in page


def test_a_new_batch_takes_its_placements_on_the_same_page(editor_client):
    response = editor_client.get(reverse("admin:batches_batch_add"))
    inline_models = [inline.opts.model._meta.model_name for inline in response.context["inline_admin_formsets"]]
    assert inline_models == ["placement", "activity"]


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_batch_changelist_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    track = ProgrammeTrackFactory()
    for number in range(1, rows + 1):
        PlacementFactory(batch=BatchFactory(track=track, number=number))
    session_and_user, permissions = 2, 2
    filters = 1  # the track filter's choices
    counts = 2  # rows matching the filters, rows in all
    page = 1  # the page with its tracks, each row's officers and graduates counted for the rows shown
    date_hierarchy = 2  # the first and last start, the years to offer
    with django_assert_num_queries(session_and_user + permissions + filters + counts + page + date_hierarchy):
        response = editor_client.get(reverse("admin:batches_batch_changelist"))
    assert len(response.context["cl"].result_list) == min(rows, response.context["cl"].list_per_page)


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


def test_an_apps_page_lists_its_models_in_the_workspace_order_and_one_out_of_reach_is_404(editor_client):
    response = editor_client.get(reverse("admin:app_list", kwargs={"app_label": "batches"}))
    assert response.status_code == 200
    [app] = response.context["app_list"]
    assert [model["object_name"] for model in app["models"]] == [
        "ProgrammeTrack",
        "Batch",
        "Division",
        "Activity",
        "Pillar",
    ]
    assert "Programme tracks" in response.content.decode()
    # An app whose models the editor may not see is no page (`if not app_list` reads the list).
    assert editor_client.get("/admin/otp_totp/").status_code == 404


def test_other_admin_pages_do_not_build_the_list_of_every_model(editor_client, monkeypatch):
    built = []
    original = admin.AdminSite._build_app_dict
    monkeypatch.setattr(
        admin.AdminSite, "_build_app_dict", lambda *args, **kwargs: built.append(1) or original(*args, **kwargs)
    )
    assert editor_client.get(reverse("admin:batches_batch_changelist")).status_code == 200
    assert built == []
    assert editor_client.get(reverse("admin:index")).status_code == 200
    assert built != []

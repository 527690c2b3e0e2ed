"""The changelists' batch filter: a batch is searched for as you type, not picked from a list of
every batch, and once chosen it is named and kept while the other filters change."""

import pytest
from django.urls import reverse

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import OfficerFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def batch_filter(response):
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "batch"]
    return spec


def test_the_batch_filter_lists_no_batches_but_searches_them(editor_client):
    BatchFactory.create_batch(3)
    response = editor_client.get(reverse("admin:officers_officer_changelist"))
    chooser = batch_filter(response).chooser
    assert 'data-field-name="batch"' in chooser and 'data-model-name="placement"' in chooser
    assert chooser.count("<option") == 1  # the empty choice only
    assert "admin/js/autocomplete.js" in str(response.context["media"])


def test_the_chosen_batch_is_named_and_filters_the_list(editor_client):
    wanted = PlacementFactory(
        batch=BatchFactory(track=ProgrammeTrackFactory(short_name="Junior Diplomats"), number=13),
        officer=OfficerFactory(country="LA"),
    )
    PlacementFactory()
    response = editor_client.get(
        reverse("admin:officers_officer_changelist"), {"batch": wanted.batch.pk, "country__exact": "LA"}
    )
    assert list(response.context["cl"].result_list) == [wanted.officer]
    spec = batch_filter(response)
    assert f'<option value="{wanted.batch.pk}" selected>Junior Diplomats: 13th Batch' in spec.chooser
    # Choosing another batch keeps the country filter; "All" drops the batch and keeps the country.
    assert spec.kept_params == [("country__exact", "LA")]
    [everything] = spec.choices(response.context["cl"])
    assert everything["query_string"] == "?country__exact=LA"


def test_a_batch_that_is_not_a_number_is_refused_not_an_error(editor_client):
    response = editor_client.get(reverse("admin:officers_placement_changelist"), {"batch": "x"})
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_the_batches_are_searched_as_the_placements_batch_chooser_does(editor_client):
    wanted = BatchFactory(track=ProgrammeTrackFactory(name="Attachment Programme for Junior Diplomats"), number=13)
    BatchFactory(number=12)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "officers", "model_name": "placement", "field_name": "batch", "term": "junior 13"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_staff_who_may_not_view_batches_get_no_batch_filter(communications_client):
    PlacementFactory()
    response = communications_client.get(reverse("admin:officers_officer_changelist"))
    assert response.status_code == 200
    shown = [getattr(spec, "parameter_name", "") for spec in response.context["cl"].filter_specs if spec.has_output()]
    assert "track" in shown and "batch" not in shown

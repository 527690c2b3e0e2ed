"""Every input of the workspace's forms has a name a screen reader can announce, including those the
admin draws without a <label>: the cells of an inline table, their delete boxes, and the two halves of
a date-and-time field."""

import re

import pytest
from django.urls import reverse

from officers.tests.factories import OfficerFactory, PlacementFactory
from officers.tests.nomination_factories import CallForNominationsFactory

pytestmark = pytest.mark.django_db


def aria_label_of(html: str, input_id: str) -> str | None:
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{re.escape(input_id)}"[^>]*>', html)
    assert tag, f"no input #{input_id}"
    label = re.search(r'aria-label="([^"]*)"', tag.group(0))
    return label.group(1) if label else None


def test_a_calls_opening_and_closing_times_name_their_date_and_time_boxes(editor_client):
    html = editor_client.get(reverse("admin:officers_callfornominations_add")).content.decode()
    assert aria_label_of(html, "id_opens_at_0") == "Opens: date"
    assert aria_label_of(html, "id_opens_at_1") == "Opens: time"
    assert aria_label_of(html, "id_closes_at_1") == "Closes: time"


def test_a_calls_places_table_names_each_cell_and_delete_box(editor_client):
    call = CallForNominationsFactory()  # with places for each country
    html = editor_client.get(reverse("admin:officers_callfornominations_change", args=[call.pk])).content.decode()
    assert aria_label_of(html, "id_places-0-country") == "Country"
    assert aria_label_of(html, "id_places-0-places") == "Places"
    assert aria_label_of(html, "id_places-0-DELETE") == "Delete row 1"


def test_an_officers_rows_opened_for_editing_name_their_cells_partial_dates_included(editor_client):
    officer = OfficerFactory()
    PlacementFactory(officer=officer)
    officer.milestones.create(title="Director", date="2019-06-01", date_precision="month")
    address = reverse("admin:officers_officer_change", args=[officer.pk]) + "?edit-rows=1"
    html = editor_client.get(address).content.decode()
    assert aria_label_of(html, "id_placements-0-start_date") == "Start"
    assert aria_label_of(html, "id_milestones-0-date") == "Date"
    assert aria_label_of(html, "id_milestones-0-DELETE") == "Delete row 1"

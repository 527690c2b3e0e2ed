"""Dates in the Secretariat's admin as people write them: a career step "in 2016" or a batch "from
June 2019" is typed as 2016 or 2019-06, stored as the period's first day with its precision, and shown
no more precisely than that, in the lists, on the officer's page and to those who may only read."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from batches.tests.factories import BatchFactory
from core.partial_date_fields import PartialDateField
from officers.models import CareerMilestone
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, PlacementFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db

INVALID = "Write a year (2016), a month (2019-06) or a day (2019-06-12)."
MILESTONES = reverse("admin:officers_careermilestone_changelist")


def milestone_url(milestone: CareerMilestone) -> str:
    return reverse("admin:officers_careermilestone_change", args=[milestone.pk])


def officer_url(officer) -> str:
    return reverse("admin:officers_officer_change", args=[officer.pk])


def date_input(page: str, name: str) -> str:
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', page).group(0)


def test_an_editor_adds_a_step_known_only_to_the_year(editor_client, admin_form_data):
    officer = OfficerFactory(full_name="Chhy Ratha")
    add = reverse("admin:officers_careermilestone_add")
    data = admin_form_data(editor_client.get(add))
    data.update(officer=officer.pk, title="Director, ASEAN Department", source="officer", date="2016")
    assert not CareerMilestone.objects.exists()

    response = editor_client.post(add, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    step = CareerMilestone.objects.get()
    assert (step.date, step.date_precision) == (date(2016, 1, 1), "year")
    listed = editor_client.get(MILESTONES).content.decode()
    assert '<td class="field-date_display">2016</td>' in listed
    on_the_officer_page = editor_client.get(officer_url(officer)).content.decode()
    assert "<td>2016</td>" in on_the_officer_page and "2016-01-01" not in on_the_officer_page


def test_an_editor_corrects_a_step_to_the_month_and_the_history_records_it(editor_client, admin_form_data):
    step = CareerMilestoneFactory(date=date(2019, 6, 12), date_precision="day")
    url = milestone_url(step)
    page = editor_client.get(url)
    data = admin_form_data(page)
    assert data["date"] == "2019-06-12" and "date_precision" not in data
    data["date"] = "2019-06"

    assert editor_client.post(url, data).status_code == 302

    step.refresh_from_db()
    assert (step.date, step.date_precision, step.version) == (date(2019, 6, 1), "month", 2)
    recorded = step.history.latest()
    assert (recorded.date, recorded.date_precision) == (date(2019, 6, 1), "month")
    assert recorded.history_user.username == "editor@example.org"
    assert "June 2019" in text_of(editor_client.get(MILESTONES))
    assert 'value="2019-06"' in editor_client.get(url).content.decode()


def test_a_date_people_would_not_write_is_refused_and_nothing_is_saved(editor_client, admin_form_data):
    step = CareerMilestoneFactory(date=date(2016, 1, 1), date_precision="year")
    url = milestone_url(step)
    data = admin_form_data(editor_client.get(url))
    data["date"] = "12/06/2019"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == [INVALID]
    assert 'value="12/06/2019"' in response.content.decode()  # as typed, to correct
    step.refresh_from_db()
    assert (step.date, step.date_precision, step.version) == (date(2016, 1, 1), "year", 1)


def test_a_step_edited_in_the_officer_pages_table_takes_the_same_dates(editor_client, admin_form_data):
    step = CareerMilestoneFactory(date=date(2019, 6, 1), date_precision="month")
    url = officer_url(step.officer) + "?edit-rows=1"
    page = editor_client.get(url)
    assert 'value="2019-06"' in date_input(page.content.decode(), "milestones-0-date")
    data = admin_form_data(page)
    data["milestones-0-date"] = "2016"

    assert editor_client.post(url, data).status_code == 302

    step.refresh_from_db()
    assert (step.date, step.date_precision) == (date(2016, 1, 1), "year")


def test_a_batchs_start_and_end_are_typed_to_the_month(editor_client, admin_form_data):
    batch = BatchFactory(number=13)
    url = reverse("admin:batches_batch_change", args=[batch.pk])
    data = admin_form_data(editor_client.get(url))
    assert "start_precision" not in data and "end_precision" not in data
    data.update(start_date="2019-06", end_date="2020-03")

    assert editor_client.post(url, data).status_code == 302

    batch.refresh_from_db()
    assert (batch.start_date, batch.start_precision) == (date(2019, 6, 1), "month")
    assert (batch.end_date, batch.end_precision) == (date(2020, 3, 1), "month")
    listed = text_of(editor_client.get(reverse("admin:batches_batch_changelist")))
    assert "June 2019" in listed and "March 2020" in listed
    assert batch.history.latest().history_user.username == "editor@example.org"


def test_a_batchs_end_without_its_start_is_refused_beside_the_start(editor_client, admin_form_data):
    batch = BatchFactory(start_date=None, end_date=None)
    url = reverse("admin:batches_batch_change", args=[batch.pk])
    data = admin_form_data(editor_client.get(url))
    data["end_date"] = "2020"

    response = editor_client.post(url, data)

    assert response.context["adminform"].form.errors["start_date"] == ["Give the start too when the end is known."]
    batch.refresh_from_db()
    assert batch.end_date is None


@pytest.mark.parametrize(
    ("url_of", "fields", "other_dates"),
    [
        (lambda: milestone_url(CareerMilestoneFactory()), ["date"], False),
        (lambda: reverse("admin:batches_batch_change", args=[BatchFactory().pk]), ["start_date", "end_date"], False),
        # The new batch's table of activities has real dates, with their calendars.
        (lambda: reverse("admin:batches_batch_add"), ["start_date", "end_date"], True),
    ],
)
def test_the_dates_are_one_box_with_no_calendar(editor_client, url_of, fields, other_dates):
    response = editor_client.get(url_of())
    form = response.context["adminform"].form
    page = response.content.decode()
    for name in fields:
        assert isinstance(form.fields[name], PartialDateField)
        box = date_input(page, name)
        assert 'type="text"' in box and "vDateField" not in box
        assert 'placeholder="2016, 2019-06 or 2019-06-12"' in box
    assert not {"date_precision", "start_precision", "end_precision"} & set(form.fields)
    assert ("DateTimeShortcuts.js" in page) is other_dates


def test_the_officer_pages_step_table_has_no_calendar_for_its_dates(editor_client):
    step = CareerMilestoneFactory()
    page = editor_client.get(officer_url(step.officer) + "?edit-rows=1").content.decode()
    assert "vDateField" not in date_input(page, "milestones-0-date")
    assert 'name="milestones-0-date_precision"' not in page


def test_a_viewer_reads_the_dates_at_their_precision(viewer_client):
    step = CareerMilestoneFactory(date=date(2016, 1, 1), date_precision="year")
    batch = BatchFactory(start_date=date(2019, 6, 1), start_precision="month", end_date=None)

    milestone_page = viewer_client.get(milestone_url(step))
    batch_page = text_of(viewer_client.get(reverse("admin:batches_batch_change", args=[batch.pk])))

    assert '<div class="readonly">2016</div>' in milestone_page.content.decode()
    assert "Date: 2016" in text_of(milestone_page) and "Date precision" not in text_of(milestone_page)
    assert "Start: June 2019" in batch_page and "Start precision" not in batch_page


def test_a_career_update_is_corrected_to_the_month_in_the_queue(officer_a, editor_client, admin_form_data):
    step = CareerMilestoneFactory(officer=officer_a, source="officer", date=date(2024, 3, 15), date_precision="day")
    url = reverse("admin:officers_careerupdate_change", args=[step.pk])
    data = admin_form_data(editor_client.get(url))
    data["date"] = "2024-03"

    assert editor_client.post(url, data).status_code == 302

    step.refresh_from_db()
    assert (step.date, step.date_precision) == (date(2024, 3, 1), "month")


def test_the_server_time_note_is_hidden_under_real_date_fields(editor_client):
    """Placements keep their calendars; the note Django's calendar script adds under them is hidden."""
    page = editor_client.get(reverse("admin:officers_placement_change", args=[PlacementFactory().pk]))
    assert "DateTimeShortcuts.js" in page.content.decode()
    assert static("admin-portal/admin.css") in page.content.decode()
    stylesheet = Path(finders.find("admin-portal/admin.css")).read_text()
    assert re.search(r"\.timezonewarning \{\s*display: none;\s*\}", stylesheet)

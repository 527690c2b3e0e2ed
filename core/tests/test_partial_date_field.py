"""One box for a partial date: it reads what the imports read, says plainly what it wants, and
shows a stored date no more precisely than it is known."""

from datetime import date, datetime

import pytest
from django import forms

from batches.models import Batch
from batches.tests.factories import BatchFactory
from core.imports.widgets import PartialDateWidget, PrecisionWidget
from core.partial_date_fields import PartialDateField, PartialDateFormMixin
from core.partial_dates import DatePrecision, parse_partial_date, written_partial_date
from core.versioning import VersionCheckedForm

INVALID = "Write a year (2016), a month (2019-06) or a day (2019-06-12)."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2016", (date(2016, 1, 1), DatePrecision.YEAR)),
        ("2019-06", (date(2019, 6, 1), DatePrecision.MONTH)),
        ("2019-6", (date(2019, 6, 1), DatePrecision.MONTH)),
        ("2019-06-12", (date(2019, 6, 12), DatePrecision.DAY)),
        ("2019-6-2", (date(2019, 6, 2), DatePrecision.DAY)),
        ("2019-Q4", (date(2019, 10, 1), DatePrecision.QUARTER)),
        ("Q2 2016", (date(2016, 4, 1), DatePrecision.QUARTER)),
        ("  2016 ", (date(2016, 1, 1), DatePrecision.YEAR)),
    ],
)
def test_each_written_form_is_read_at_its_precision(typed, expected):
    assert PartialDateField().clean(typed) == expected


def test_the_import_reads_the_same_forms_with_the_same_function():
    """One rule in one place: the import's precision column, left empty, follows the written form too."""
    assert PrecisionWidget(date_column="date").clean("", row={"date": "2019-Q4"}) == DatePrecision.QUARTER
    assert PartialDateWidget(precision_column="date_precision").clean("2019-06", row={}) == date(2019, 6, 1)
    assert parse_partial_date(datetime(2019, 6, 12, 9, 30)) == (date(2019, 6, 12), DatePrecision.DAY)
    assert parse_partial_date(2016.0) == (date(2016, 1, 1), DatePrecision.YEAR)  # a number cell


@pytest.mark.parametrize("typed", ["12/06/2019", "2019-13", "2019-02-30", "June 2019", "16", "2019-Q5", "20166"])
def test_anything_else_is_refused_with_what_to_write(typed):
    field = PartialDateField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [INVALID]


def test_empty_is_no_date_unless_required():
    assert PartialDateField(required=False).clean("") is None
    assert PartialDateField(required=False).clean("   ") is None
    with pytest.raises(forms.ValidationError):
        PartialDateField(required=True).clean("")


@pytest.mark.parametrize(
    ("stored", "precision", "shown"),
    [
        (date(2016, 1, 1), DatePrecision.YEAR, "2016"),
        (date(2019, 10, 1), DatePrecision.QUARTER, "2019-Q4"),
        (date(2019, 6, 1), DatePrecision.MONTH, "2019-06"),
        (date(2019, 6, 12), DatePrecision.DAY, "2019-06-12"),
    ],
)
def test_a_stored_date_is_shown_at_its_precision_and_read_back_the_same(stored, precision, shown):
    field = PartialDateField()
    assert field.prepare_value((stored, precision)) == written_partial_date(stored, precision) == shown
    assert field.clean(shown) == (stored, precision)
    assert not field.has_changed((stored, precision), shown)


class StartForm(forms.Form):
    start = PartialDateField()


def test_the_box_says_what_to_type():
    html = str(StartForm()["start"])
    assert 'type="text"' in html and 'placeholder="2016, 2019-06 or 2019-06-12"' in html
    assert "inputmode=" in html and "vDateField" not in html
    assert str(StartForm().fields["start"].help_text).startswith("A year (2016), a month (2019-06)")


class BatchDatesForm(PartialDateFormMixin, VersionCheckedForm):
    partial_dates = [("start_date", "start_precision"), ("end_date", "end_precision")]

    class Meta:
        model = Batch
        fields = ["track", "number", "start_date", "start_precision", "end_date", "end_precision", "notes"]


def form_data(batch: Batch, **changes) -> dict:
    form = BatchDatesForm(instance=batch)
    return {name: form[name].value() for name in form.fields if form[name].value() is not None} | changes


@pytest.mark.django_db
def test_the_form_shows_one_box_per_date_at_its_precision():
    batch = BatchFactory(start_date=date(2014, 1, 1), start_precision="year", end_date=None)
    form = BatchDatesForm(instance=batch)
    assert "start_precision" not in form.fields and "end_precision" not in form.fields
    assert isinstance(form.fields["start_date"], PartialDateField)
    assert (form["start_date"].value(), form["end_date"].value()) == ("2014", None)
    assert 'value="2014"' in str(form["start_date"])


@pytest.mark.django_db
def test_the_form_writes_the_date_and_its_precision():
    batch = BatchFactory()
    form = BatchDatesForm(form_data(batch, start_date="2019-06", end_date="2020"), instance=batch)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == (date(2019, 6, 1), DatePrecision.MONTH)
    form.save()
    batch.refresh_from_db()
    assert (batch.start_date, batch.start_precision) == (date(2019, 6, 1), "month")
    assert (batch.end_date, batch.end_precision) == (date(2020, 1, 1), "year")
    assert batch.version == 2


@pytest.mark.django_db
def test_the_models_own_checks_still_report_on_the_date_box():
    batch = BatchFactory(start_date=None, end_date=None)
    form = BatchDatesForm(form_data(batch, end_date="2020"), instance=batch)
    assert not form.is_valid()
    assert form.errors["start_date"] == ["Give the start too when the end is known."]


@pytest.mark.django_db
def test_an_untouched_date_is_not_a_change():
    batch = BatchFactory(start_date=date(2019, 10, 1), start_precision="quarter", end_date=None)
    form = BatchDatesForm(form_data(batch), instance=batch)
    assert form.is_valid(), form.errors
    assert "start_date" not in form.changed_data

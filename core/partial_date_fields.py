"""Partial dates in edit forms: one box that takes a date as people write it ("2016", "2019-06",
"2019-06-12"), read by the same rule as the imports, in place of a calendar and a precision list.

The precision follows from what is typed, so the form shows the date alone and writes both the
date and its precision to the record."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.partial_dates import DatePrecision, parse_partial_date, written_partial_date

if TYPE_CHECKING:
    from core.admin.base import VersionedFieldsetsMixin as _AdminBase
else:
    _AdminBase = object

PLACEHOLDER = _("2016, 2019-06 or 2019-06-12")
HELP = _("A year (2016), a month (2019-06) or a day (2019-06-12); a quarter as 2019-Q4.")

PartialDate = tuple[date, str]


class PartialDateField(forms.Field):
    """A date at the precision it is written to; cleaned to (first day of the period, precision),
    or None when left empty."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Write a year (2016), a month (2019-06) or a day (2019-06-12)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # A full keyboard: the numeric keypads of some phones have no hyphen, and a quarter takes a letter.
        return {
            **super().widget_attrs(widget),
            "inputmode": "text",
            "placeholder": PLACEHOLDER,
            "size": len(str(PLACEHOLDER)),
        }

    def to_python(self, value: object) -> PartialDate | None:
        if value in self.empty_values:
            return None
        try:
            day, precision = parse_partial_date(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return None if day is None else (day, precision)

    def prepare_value(self, value: object) -> object:
        """What the box shows: a stored (date, precision) written at its precision; typed text as typed."""
        if isinstance(value, tuple):
            return written_partial_date(*value)
        if isinstance(value, date):
            return value.isoformat()
        return value


class PartialDateFormMixin(forms.ModelForm):
    """A model form in which each pair of `partial_dates`, (date field, precision field), is edited
    as one `PartialDateField` under the date field's name. The precision field leaves the form; both
    are written to the record when the form is cleaned, before the model's own checks run.

    Keeping the date field's name keeps the admin's fieldsets, labels and error messages (a model's
    `clean()` reporting on "start_date") working as for any other field."""

    partial_dates: Sequence[tuple[str, str]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for date_name, precision_name in self.partial_dates:
            self.fields.pop(precision_name, None)
            model_field = self.fields.get(date_name)
            if model_field is None:
                continue
            self.fields[date_name] = PartialDateField(
                label=model_field.label,
                required=model_field.required,
                help_text=format_lazy("{} {}", model_field.help_text, HELP) if model_field.help_text else HELP,
            )
            # A name given to the box it replaces (a table cell's, `core.admin.accessible_names`) stays.
            if "aria-label" in model_field.widget.attrs:
                self.fields[date_name].widget.attrs["aria-label"] = model_field.widget.attrs["aria-label"]
            stored = self.initial.get(date_name)
            if isinstance(stored, date):
                self.initial[date_name] = (stored, getattr(self.instance, precision_name))

    def _post_clean(self) -> None:
        # The model form copies cleaned values onto the record, then runs the model's checks: the
        # record gets the date and, beside it, the precision it was typed at. The cleaned data keeps
        # the (date, precision) pairs for whoever reads the form afterwards.
        typed = {}
        for date_name, precision_name in self.partial_dates:
            if date_name not in self.cleaned_data:
                continue
            typed[date_name] = self.cleaned_data[date_name]
            day, precision = typed[date_name] or (None, DatePrecision.DAY)
            self.cleaned_data[date_name] = day
            setattr(self.instance, precision_name, precision)
        super()._post_clean()  # type: ignore[misc]  # Django's own hook, missing from its type stubs
        for date_name, value in typed.items():
            if date_name in self.cleaned_data:
                self.cleaned_data[date_name] = value


class PartialDateAdminMixin(_AdminBase):
    """The admin (or inline) of a form with partial dates. Where its page is read-only (a viewer's),
    each date is shown by its display at its precision ("2016", "June 2019"), not as the day it is
    stored as ("1 Jan 2016"): the precision has no field of its own on the page any more."""

    # Each date field's display at its precision: a display method of the admin, or a model property.
    partial_date_displays: dict[str, str] = {}

    def get_fieldsets(self, request: HttpRequest, obj=None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if self._can_edit(request, obj):
            return fieldsets
        return [(name, {**options, "fields": self._displayed(options["fields"])}) for name, options in fieldsets]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> Any:
        readonly = super().get_readonly_fields(request, obj)
        if self._can_edit(request, obj):
            return readonly
        return [*readonly, *self.partial_date_displays.values()]

    def _displayed(self, fields: Sequence) -> list:
        displays = self.partial_date_displays
        return [
            tuple(displays.get(name, name) for name in field)
            if isinstance(field, list | tuple)
            else displays.get(field, field)
            for field in fields
        ]

"""Import widgets: each turns a cell into a value, or raises ValueError with a sentence staff can act on."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from core.imports.cells import cell_text
from core.partial_dates import DatePrecision, iso_partial_date, parse_partial_date, period_start


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        return cell_text(value)


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs) -> str | int:
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class YesNoWidget(widgets.Widget):
    """yes/no, true/false, y/n or 1/0; an empty cell means no."""

    YES = {"yes", "y", "true", "1"}
    NO = {"no", "n", "false", "0", ""}

    def clean(self, value, row=None, **kwargs) -> bool:
        text = cell_text(value).lower()
        if text in self.YES or value is True:
            return True
        if text in self.NO or value is False:
            return False
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs) -> str:
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """A choice written as its code ('completed') or its label ('Completed (graduated)')."""

    def __init__(self, choices, *, aliases: dict[str, str] | None = None) -> None:
        super().__init__()
        self.choices = list(choices)
        self.by_text = {str(label).lower(): code for code, label in self.choices}
        self.by_text.update({str(code).lower(): code for code, _label in self.choices})
        self.by_text.update({alias.lower(): code for alias, code in (aliases or {}).items()})

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.by_text[text.lower()]
        except KeyError:
            allowed = ", ".join(str(code) for code, _label in self.choices)
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class PartialDateWidget(widgets.Widget):
    """A date at the precision the source gave: '2016', '2019-06', '2018-04-12' or a date cell, read
    by `parse_partial_date`, as the admin's forms read it.

    With `precision_column`, the date is stored as the first day of the period that column (or,
    when it is empty, the written form) names; without it, a full date is required.
    """

    def __init__(self, *, precision_column: str | None = None) -> None:
        super().__init__()
        self.precision_column = precision_column

    def clean(self, value, row=None, **kwargs) -> date | None:
        day, implied = parse_partial_date(value)
        if day is None:
            return None
        if self.precision_column is None:
            if implied != DatePrecision.DAY:
                raise ValueError(
                    _("Give the full date, as YYYY-MM-DD, not “%(value)s”.") % {"value": cell_text(value)}
                )
            return day
        written = cell_text((row or {}).get(self.precision_column))
        precision = PRECISION_WIDGET.by_text.get(written.lower(), implied) if written else implied
        return period_start(day, precision)

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


class PrecisionWidget(ChoiceWidget):
    """A date's precision; when the cell is empty, the form the date was written in decides."""

    def __init__(self, *, date_column: str) -> None:
        super().__init__(DatePrecision.choices)
        self.date_column = date_column

    def clean(self, value, row=None, **kwargs) -> str:
        written = super().clean(value)
        if written:
            return written
        try:
            _day, implied = parse_partial_date((row or {}).get(self.date_column))
        except ValueError:
            return DatePrecision.DAY  # the date column reports the problem
        return implied


PRECISION_WIDGET = ChoiceWidget(DatePrecision.choices)


class PartialDateField(fields.Field):
    """Exports a partial date as written ('2016', '2019-06') so a round trip keeps its precision."""

    def __init__(self, *, attribute: str, precision_attribute: str, **kwargs) -> None:
        super().__init__(
            attribute=attribute,
            column_name=attribute,
            widget=PartialDateWidget(precision_column=precision_attribute),
            **kwargs,
        )
        self.precision_attribute = precision_attribute

    def export(self, instance, **kwargs) -> str:
        return iso_partial_date(self.get_value(instance), getattr(instance, self.precision_attribute))


class ComputedField(fields.Field):
    """An export-only column computed from the record (ignored on import)."""

    def __init__(self, compute, **kwargs) -> None:
        super().__init__(readonly=True, **kwargs)
        self.compute = compute

    def get_value(self, instance):
        return self.compute(instance)


def by_lowered_text(queryset: models.QuerySet, field: str, texts: Iterable[str]) -> dict[str, list]:
    """The records whose `field` is one of `texts`, compared case-insensitively, grouped by the
    lower-cased text: one query for a whole column of a file instead of one `__iexact` per row."""
    lowered = {text.lower() for text in texts if text}
    found: dict[str, list] = defaultdict(list)
    if lowered:
        for record in queryset.alias(lowered_key=Lower(field)).filter(lowered_key__in=lowered):
            found[getattr(record, field).lower()].append(record)
    return found


class SlugWidget(widgets.ForeignKeyWidget):
    """A record named by a unique text field (a slug or a name), case-insensitively.

    `prefetch` reads every record a file's column names with one query before the rows are read;
    without it (an export, a single cell) each cell is looked up on its own."""

    def __init__(self, model, field: str, *, noun: str) -> None:
        super().__init__(model, field=field)
        self.noun = noun
        self.found: dict[str, list] | None = None
        self.known: list[str] | None = None

    def prefetch(self, values: list, rows: list[dict]) -> None:
        self.found = by_lowered_text(self.get_queryset(None, None), self.field, (cell_text(v) for v in values))
        self.known = None

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        found = None if self.found is None else self.found.get(text.lower(), [])
        if found is not None and len(found) == 1:
            return found[0]
        if found == []:
            raise ValueError(self.unknown_message(text))
        # Not read beforehand, or named twice in different cases: the query says which, or why not.
        try:
            return self.get_queryset(value, row).get(**{f"{self.field}__iexact": text})
        except self.model.DoesNotExist:
            raise ValueError(self.unknown_message(text)) from None

    def known_values(self) -> list[str]:
        """Every value of the field, read once per file: a file may misspell the same name on many rows."""
        if self.known is None:
            self.known = list(self.model._default_manager.order_by(self.field).values_list(self.field, flat=True))
        return self.known

    def unknown_message(self, text: str) -> str:
        known = self.known_values()[:12]
        message = _("There is no %(noun)s “%(value)s”.") % {"noun": self.noun, "value": text}
        if known:
            message += " " + _("Known: %(known)s.") % {"known": ", ".join(known)}
        return message

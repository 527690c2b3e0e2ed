"""Spreadsheet import and export of batches, and what every import in the portal shares.

Rows name things the way staff write them — a track by its slug, a batch by track and number,
a country by code or name — never by database id, so a sheet made by hand or exported from
one database imports into another. An import is all or nothing: `PortalResource` runs it in
one transaction and rolls back on any bad row, and `describe_problems` turns a result into
one readable line per problem (spreadsheet row, column, value, reason).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result, RowResult

from batches.dates import DatePrecision, period_start
from batches.models import Batch, BatchStatus, ProgrammeTrack

# Row 1 of a spreadsheet holds the column names, so the first record is on row 2.
HEADER_ROWS = 1


def sheet_row(number: int) -> int:
    """The spreadsheet row of the import's `number`th record."""
    return number + HEADER_ROWS


def normalise_header(header: object) -> str:
    """'Start date', 'start-date' and ' START_DATE ' all name the column start_date."""
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


# A cell starting with one of these is run as a formula by spreadsheet programs opening a CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: object) -> str:
    """A cell as trimmed text; whole numbers typed into a spreadsheet lose their '.0', and the
    apostrophe an export put before formula-like text ("'+84 24 ...") is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


class SafeCSV(CSV):
    """CSV whose formula-like text ("=HYPERLINK(...)", "+84 24 ...") is written after an
    apostrophe, so a spreadsheet program shows it rather than running it; imports take it off."""

    def export_data(self, dataset, **kwargs) -> str:
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([_shown_as_text(cell) for cell in row])
        return super().export_data(safe, **kwargs)


def _shown_as_text(cell):
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


class SafeXLSX(XLSX):
    """XLSX in which every piece of text is stored as text, never as a formula."""

    def export_data(self, dataset, **kwargs) -> bytes:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = (str(dataset.title) if dataset.title else "Sheet")[:31]
        if dataset.headers:
            sheet.append([str(header) for header in dataset.headers])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for row in dataset:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", c) if isinstance(c, str) else c for c in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
        out = BytesIO()
        book.save(out)
        return out.getvalue()


class ColumnsRefused(Exception):
    """The file's columns do not fit: required ones missing, or unknown ones present."""

    def __init__(self, *, missing: list[str], unknown: list[str], expected: list[str]) -> None:
        self.missing = missing
        self.unknown = unknown
        self.expected = expected
        parts = []
        if missing:
            parts.append(_("The file has no %(columns)s column.") % {"columns": _quoted(missing)})
        if unknown:
            parts.append(
                _("The file has a column this import does not know: %(columns)s.") % {"columns": _quoted(unknown)}
            )
        parts.append(_("The columns may be: %(columns)s.") % {"columns": ", ".join(expected)})
        super().__init__(" ".join(str(part) for part in parts))


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


# --- Widgets: each turns a cell into a value, or raises ValueError with a sentence staff can act on.


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
    """A date at the precision the source gave: '2016', '2019-06', '2018-04-12' or a date cell.

    With `precision_column`, the date is stored as the first day of the period that column (or,
    when it is empty, the written form) names; without it, a full date is required.
    """

    PATTERNS = [
        (re.compile(r"^(\d{4})$"), DatePrecision.YEAR),
        (re.compile(r"^(\d{4})-(\d{1,2})$"), DatePrecision.MONTH),
        (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), DatePrecision.DAY),
    ]

    def __init__(self, *, precision_column: str | None = None) -> None:
        super().__init__()
        self.precision_column = precision_column

    @classmethod
    def parse(cls, value: object) -> tuple[date | None, str]:
        """The date and the precision its written form implies."""
        if value in (None, ""):
            return None, DatePrecision.DAY
        if isinstance(value, datetime):
            return value.date(), DatePrecision.DAY
        if isinstance(value, date):
            return value, DatePrecision.DAY
        text = cell_text(value)
        if not text:
            return None, DatePrecision.DAY
        for pattern, precision in cls.PATTERNS:
            match = pattern.match(text)
            if match:
                parts = [int(part) for part in match.groups()] + [1] * (3 - len(match.groups()))
                try:
                    return date(*parts), precision
                except ValueError:
                    break
        raise ValueError(
            _(
                "“%(value)s” is not a date. Write it as YYYY-MM-DD (2019-06-12), or YYYY-MM (2019-06) or "
                "YYYY (2019) when only the month or the year is known."
            )
            % {"value": text}
        )

    def clean(self, value, row=None, **kwargs) -> date | None:
        day, implied = self.parse(value)
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
            _day, implied = PartialDateWidget.parse((row or {}).get(self.date_column))
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
        value = self.get_value(instance)
        if value is None:
            return ""
        precision = getattr(instance, self.precision_attribute)
        if precision == DatePrecision.YEAR:
            return f"{value.year}"
        if precision in (DatePrecision.MONTH, DatePrecision.QUARTER):
            return f"{value.year}-{value.month:02d}"
        return value.isoformat()


class ComputedField(fields.Field):
    """An export-only column computed from the record (ignored on import)."""

    def __init__(self, compute, **kwargs) -> None:
        super().__init__(readonly=True, **kwargs)
        self.compute = compute

    def get_value(self, instance):
        return self.compute(instance)


class SlugWidget(widgets.ForeignKeyWidget):
    """A record named by a unique text field (a slug or a name), case-insensitively."""

    def __init__(self, model, field: str, *, noun: str) -> None:
        super().__init__(model, field=field)
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            return self.get_queryset(value, row).get(**{f"{self.field}__iexact": text})
        except self.model.DoesNotExist:
            raise ValueError(self.unknown_message(text)) from None

    def unknown_message(self, text: str) -> str:
        known = list(self.model._default_manager.order_by(self.field).values_list(self.field, flat=True)[:12])
        message = _("There is no %(noun)s “%(value)s”.") % {"noun": self.noun, "value": text}
        if known:
            message += " " + _("Known: %(known)s.") % {"known": ", ".join(known)}
        return message


class BatchWidget(widgets.ForeignKeyWidget):
    """A batch, named by its number in the `batch` column and its track's slug in the `track` column."""

    def __init__(self, *, track_column: str = "track") -> None:
        super().__init__(Batch, field="number")
        self.track_column = track_column

    def clean(self, value, row=None, **kwargs) -> Batch | None:
        number_text = cell_text(value)
        slug = cell_text((row or {}).get(self.track_column))
        if not number_text and not slug:
            return None
        if not slug:
            raise ValueError(
                _("Say which track batch %(number)s belongs to in the track column.") % {"number": number_text}
            )
        if not number_text.isdigit():
            raise ValueError(_("“%(value)s” is not a batch number.") % {"value": number_text})
        track = TRACK_WIDGET.clean(slug)
        try:
            return Batch.objects.with_track().get(track=track, number=int(number_text))
        except Batch.DoesNotExist:
            numbers = list(track.batches.order_by("number").values_list("number", flat=True))
            known = (
                _("Its batches are %(first)s to %(last)s.") % {"first": numbers[0], "last": numbers[-1]}
                if numbers
                else ""
            )
            raise ValueError(
                _("%(track)s has no batch %(number)s. %(known)s")
                % {"track": track.short_name, "number": number_text, "known": known}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return str(value.number) if value else ""


TRACK_WIDGET = SlugWidget(ProgrammeTrack, "slug", noun=_("programme track"))


# --- The shared resource.


class PortalResource(resources.ModelResource):
    """An import that is all or nothing, names problems precisely and records who made it.

    Subclasses list `required_columns`; any other column must be one of the resource's fields.
    `duplicate_key(instance)` says what may appear only once in a file.
    """

    required_columns: tuple[str, ...] = ()
    # Export-only columns an import still reads to find something (a batch's track, say).
    helper_columns: tuple[str, ...] = ()

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns_refused = False
        self.seen_keys: dict[tuple, int] = {}

    # One transaction for the whole file, rolled back on any error or invalid row, whoever calls.
    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs) -> Result:
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )

    def _fields_in_order(self) -> list:
        return [self.fields[name] for name in self.get_export_order()]

    def known_columns(self) -> list[str]:
        """Every column of an export; an import accepts them all and ignores the export-only ones."""
        return [field.column_name for field in self._fields_in_order()]

    def importable_columns(self) -> list[str]:
        """The columns an import reads, in the order an export writes them."""
        reads = {*self.required_columns, *self.helper_columns}
        return [f.column_name for f in self._fields_in_order() if not f.readonly or f.column_name in reads]

    def before_import(self, dataset, **kwargs) -> None:
        self.columns_refused = False
        self.seen_keys = {}
        dataset.headers = [normalise_header(header) for header in dataset.headers or []]
        present = [header for header in dataset.headers if header]
        known = self.known_columns()
        missing = [column for column in self.required_columns if column not in present]
        unknown = [column for column in present if column not in known]
        if missing or unknown:
            self.columns_refused = True
            raise ColumnsRefused(missing=missing, unknown=unknown, expected=self.importable_columns())
        # Columns read as empty when left out: an identifying one that may be (an officer's slug,
        # a milestone's date), and a date's precision, so the way the date is written decides it.
        implied = [self.fields[name].column_name for name in self.get_import_id_fields()]
        for date_field in self.fields.values():
            if isinstance(date_field, PartialDateField) and date_field.column_name in dataset.headers:
                implied += [
                    f.column_name for f in self.fields.values() if f.attribute == date_field.precision_attribute
                ]
        for column in implied:
            if column not in dataset.headers:
                if len(dataset):
                    dataset.append_col([""] * len(dataset), header=column)
                else:
                    dataset.headers = [*dataset.headers, column]

    def import_row(self, row, instance_loader, **kwargs) -> RowResult:
        if self.columns_refused or not any(cell_text(value) for value in row.values()):
            # A file with the wrong columns has one problem, not one per row; blank rows are ignored.
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        """Report a bad natural key against its column, like any other bad cell."""
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            errors = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = str(error)
            raise ValidationError(errors) from None

    def import_instance(self, instance, row, **kwargs) -> None:
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        key = self.duplicate_key(instance)
        if key is not None and None not in key:
            number = sheet_row(kwargs["row_number"])
            first = self.seen_keys.setdefault(key[1:], number)
            if first != number:
                errors.setdefault(key[0], []).append(
                    _("This is the same record as row %(row)s of this file.") % {"row": first}
                )
        if errors:
            raise ValidationError(errors)

    def duplicate_key(self, instance) -> tuple | None:
        """(attribute to blame, *what identifies the record) or None when anything goes."""
        return None

    def before_save_instance(self, instance, row, **kwargs) -> None:
        # django-simple-history records this author and reason on the history row.
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance._history_user = user
        file_name = kwargs.get("file_name")
        instance._change_reason = (
            _("Imported from %(file)s") % {"file": file_name} if file_name else _("Imported from a spreadsheet")
        )


# --- Problems, as staff read them.


@dataclass(frozen=True)
class ImportProblem:
    row: int | None
    column: str
    value: str
    reason: str
    values: dict


def describe_problems(result: Result, resource: PortalResource) -> list[ImportProblem]:
    """Every problem of an import result, one line each: the file's, then row by row."""
    columns = {field.attribute: field.column_name for field in resource.fields.values() if field.attribute}
    problems: list[ImportProblem] = []
    refused = [error for error in result.base_errors if isinstance(error.error, ColumnsRefused)]
    for error in refused or result.base_errors:
        column = ", ".join(getattr(error.error, "missing", []) + getattr(error.error, "unknown", []))
        problems.append(ImportProblem(None, column, "", _plain(error.error), {}))

    by_row: list[tuple[int, ImportProblem]] = []
    for invalid in result.invalid_rows:
        values = dict(zip(result.diff_headers, invalid.values, strict=False))
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else columns.get(attribute, attribute)
            for message in messages:
                by_row.append(
                    (
                        invalid.number,
                        ImportProblem(
                            sheet_row(invalid.number), column, cell_text(values.get(column)), str(message), values
                        ),
                    )
                )
    for error_row in result.error_rows:
        for error in error_row.errors:
            values = dict(error.row or {})
            by_row.append(
                (error_row.number, ImportProblem(sheet_row(error_row.number), "", "", _plain(error.error), values))
            )
    problems.extend(problem for _number, problem in sorted(by_row, key=lambda pair: pair[0]))
    return problems


def _plain(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- Batches.


class BatchResource(PortalResource):
    """Batches, named by track slug and number; dates at the precision known."""

    required_columns = ("track", "number")

    track = fields.Field(attribute="track", column_name="track", widget=TRACK_WIDGET)
    number = fields.Field(attribute="number", column_name="number", widget=WholeNumberWidget())
    start_date = PartialDateField(attribute="start_date", precision_attribute="start_precision")
    start_precision = fields.Field(
        attribute="start_precision", column_name="start_precision", widget=PrecisionWidget(date_column="start_date")
    )
    end_date = PartialDateField(attribute="end_date", precision_attribute="end_precision")
    end_precision = fields.Field(
        attribute="end_precision", column_name="end_precision", widget=PrecisionWidget(date_column="end_date")
    )
    recorded_status = fields.Field(
        attribute="recorded_status", column_name="recorded_status", widget=ChoiceWidget(BatchStatus.choices)
    )
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())
    # A row being imported may not name its batch yet: the label waits for a number.
    label = ComputedField(lambda batch: batch.label if batch.number else "", column_name="label")
    status = ComputedField(lambda batch: batch.status, column_name="status")

    class Meta(PortalResource.Meta):
        model = Batch
        import_id_fields = ["track", "number"]
        fields = [
            "track",
            "number",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "recorded_status",
            "notes",
            "label",
            "status",
        ]
        export_order = fields

    def get_queryset(self):
        return Batch.objects.with_track()

    def duplicate_key(self, instance) -> tuple | None:
        return ("number", instance.track_id, instance.number)

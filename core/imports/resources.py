"""The base of every spreadsheet import: all or nothing, columns checked, duplicates within a file named.

Rows name things the way staff write them — a track by its slug, a batch by track and number,
a country by code or name — never by database id, so a sheet made by hand or exported from
one database imports into another. `PortalResource` runs an import in one transaction and rolls
back on any bad row.

The records a file names are read once for the whole file, before its rows: by the widgets that
have a `prefetch` (each reads its column's records with one query) and by `FileInstanceLoader`
(the records the rows change). A resource with `use_bulk` also writes its rows together at the
end (`core.imports.bulk`), so an import's queries do not grow with its rows.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from import_export.results import Result, RowResult

from core.history import record_change
from core.imports.bulk import BulkWrites
from core.imports.cells import cell_text, normalise_header, sheet_row
from core.imports.loaders import FileInstanceLoader
from core.imports.preview import PreviewDiff
from core.imports.widgets import PartialDateField
from core.page_cache import invalidate_public_pages
from core.planner_statistics import BULK_ROWS, analyse_after_commit


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


class PortalResource(BulkWrites):
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
        instance_loader_class = FileInstanceLoader

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns_refused = False
        self.seen_keys: dict[tuple, int] = {}
        self.import_fields: list | None = None
        self.change_reason = ""

    @classmethod
    def get_diff_class(cls) -> type[PreviewDiff]:
        return PreviewDiff

    def get_import_fields(self) -> list:
        # Asked several times a row; the fields are settled once the resource is made.
        if self.import_fields is None:
            self.import_fields = super().get_import_fields()
        return self.import_fields

    # One transaction for the whole file, rolled back on any error or invalid row, whoever calls.
    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs) -> Result:
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )
        written = result.totals[RowResult.IMPORT_TYPE_NEW] + result.totals[RowResult.IMPORT_TYPE_UPDATE]
        if dry_run or result.has_errors() or result.has_validation_errors() or not written:
            return result
        if written >= BULK_ROWS:
            analyse_after_commit([self._meta.model])
        if self._meta.use_bulk:
            # A save makes the cached public pages stale by itself; rows written in bulk do not save.
            transaction.on_commit(invalidate_public_pages)
        return result

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
        self.pending = []
        file_name = kwargs.get("file_name")
        # Every row's history row gives the same reason: translated once, not once a row.
        self.change_reason = str(
            _("Imported from %(file)s") % {"file": file_name} if file_name else _("Imported from a spreadsheet")
        )
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
        self.prefetch(dataset)

    def prefetch(self, dataset) -> None:
        """Let each widget that can read the records its column names, with one query for the file."""
        rows = dataset.dict if len(dataset) else []
        for field in self.get_import_fields():
            prefetch = getattr(field.widget, "prefetch", None)
            if prefetch is not None and not field.readonly:
                prefetch([row.get(field.column_name) for row in rows], rows)

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
        """Every problem of the row at once: its cells' own, then `row_problems`."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for attribute, messages in self.row_problems(instance, row, row_number=kwargs["row_number"]).items():
            errors.setdefault(attribute, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def row_problems(self, instance, row, *, row_number: int) -> dict[str, list]:
        """Problems beyond each cell's own, by attribute to blame. Here: a record this file already
        had on an earlier row; subclasses add theirs to this."""
        key = self.duplicate_key(instance)
        if key is None or None in key:
            return {}
        number = sheet_row(row_number)
        first = self.seen_keys.setdefault(key[1:], number)
        if first == number:
            return {}
        return {key[0]: [_("This is the same record as row %(row)s of this file.") % {"row": first}]}

    def duplicate_key(self, instance) -> tuple | None:
        """(attribute to blame, *what identifies the record) or None when anything goes."""
        return None

    def before_save_instance(self, instance, row, **kwargs) -> None:
        record_change(instance, by=kwargs.get("user"), reason=self.change_reason)

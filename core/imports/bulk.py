"""Writing a file's rows together, each still checked on its own and given its history record.

A resource whose Meta sets `use_bulk` checks each row as before (its cells, the model's fields
and `clean()`, the resource's `row_problems`) but leaves out what would ask the database once a
row: whether each related record exists (its widget has just read it, or the database's foreign
key holds it), and the unique rules and constraints (the resource keeps the file's own unique
rules against what it read in bulk, and the database keeps them all). The rows are written at the
end of the file, a few statements for hundreds of rows: the changed records (only the fields the
file changed, and the next version), then the new ones, each with its history row (author and
reason as a save records them). The record as each row found it is kept as a shallow copy, for
the preview, for telling an unchanged row and for the fields a row changed: django-import-export's
own deep copy of every record (`skip_diff` off) cost more than the rest of a row.

Should the database refuse the write all the same (a check constraint, say an end before a start),
each row is checked against every unique rule and constraint one by one, as a save would have
been, and the rows at fault are reported like any other bad row.
"""

from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from import_export import resources
from import_export.results import Result, RowResult
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from core.versioning import VersionedModel

# Rows in one statement (SQLite takes fewer: at most 999 values a statement).
BATCH_SIZE = 500


@dataclass
class RowRecord:
    """The record a row reads into, and a copy of it as the row found it."""

    instance: models.Model
    before: models.Model
    new: bool


@dataclass
class PendingRow:
    """A valid row's record, waiting for the write at the end of the file."""

    record: RowRecord
    number: int
    row: dict
    result: RowResult

    @property
    def instance(self) -> models.Model:
        return self.record.instance

    @property
    def new(self) -> bool:
        return self.record.new


def clean_without_queries(instance: models.Model, *, exclude: Iterable[str]) -> None:
    """`full_clean()` less its per-row queries: the unique rules and constraints, and whether each
    related record exists, which `ForeignKey.validate` asks the database."""
    exclude = set(exclude)
    relations = [f for f in instance._meta.concrete_fields if f.is_relation and f.name not in exclude]
    errors: dict = {}
    try:
        instance.full_clean(
            exclude=exclude | {f.name for f in relations}, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field in relations:
        raw = getattr(instance, field.attname)
        if field.blank and raw in field.empty_values:
            continue
        try:
            value = field.to_python(raw)
            models.Field.validate(field, value, instance)  # null, blank and choices, not the query
            field.run_validators(value)
        except ValidationError as error:
            errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)


def changed_fields(records: Iterable[RowRecord]) -> set[str]:
    """The fields the rows changed on any of these records since they were read."""
    changed = set()
    for record in records:
        fields = record.instance._meta.concrete_fields
        changed |= {f.name for f in fields if getattr(record.instance, f.attname) != getattr(record.before, f.attname)}
    return changed


def create_with_history(model: type[models.Model], instances: list) -> None:
    bulk_create_with_history(instances, model, batch_size=BATCH_SIZE)


def update_with_history(model: type[models.Model], instances: list, *, fields: Iterable[str]) -> None:
    """What `save()` would do to each record, in a few statements: its next version (read under a
    lock, as `VersionedModel.save` reads it), the `fields` given, and a history row.

    Written as an INSERT that updates the row already there (ON CONFLICT DO UPDATE): Django's
    `bulk_update` builds a CASE with a condition per row for each field, which took longer than
    the rest of the import together."""
    changed = set(fields)
    if issubclass(model, VersionedModel):
        rows = model._base_manager.select_for_update().filter(pk__in=[instance.pk for instance in instances])
        versions = dict(rows.values_list("pk", "version"))
        for instance in instances:
            instance.version = (versions.get(instance.pk) or 0) + 1
        changed.add("version")
    written = [f.name for f in model._meta.concrete_fields if f.name in changed]
    model._base_manager.bulk_create(
        instances, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["pk"], update_fields=written
    )
    get_history_manager_for_model(model).bulk_history_create(instances, batch_size=BATCH_SIZE, update=True)


class BulkWrites(resources.ModelResource):
    """The rows of a resource with `use_bulk` (and `skip_diff`), written together (see the module's
    docstring); the base of `PortalResource`. Without `use_bulk` each row is saved as it is read."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pending: list[PendingRow] = []
        # The row being read: its record, and whether it is to be saved (until the row is known valid).
        self.reading: RowRecord | None = None
        self.queued = False

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        if self._meta.use_bulk:
            self.reading = RowRecord(instance=instance, before=copy(instance), new=new)

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """Unchanged: a recorded row whose cells change nothing in it."""
        if not self._meta.use_bulk:
            return super().skip_row(instance, original, row, import_validation_errors)
        record = self.reading
        unchanged = record is not None and not record.new and not changed_fields([record])
        return bool(self._meta.skip_unchanged and not import_validation_errors and unchanged)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        if not self._meta.use_bulk:
            super().validate_instance(instance, import_validation_errors, validate_unique)
            return
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                clean_without_queries(instance, exclude=errors.keys())
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        """Saved with the rest of the file at its end; `after_import` finds the records written."""
        if not self._meta.use_bulk:
            super().save_instance(instance, is_create, row, **kwargs)
            return
        self.before_save_instance(instance, row, **kwargs)
        self.queued = True

    def import_row(self, row, instance_loader, **kwargs) -> RowResult:
        self.reading, self.queued = None, False
        row_result = super().import_row(row, instance_loader, **kwargs)
        record = self.reading
        if record is None or not row_result.is_valid():
            return row_result
        diff = self.get_diff_class()(self, record.before, record.new)
        diff.compare_with(self, record.instance)
        row_result.diff = diff.as_html()
        if self.queued:
            self.pending.append(PendingRow(record=record, number=kwargs["row_number"], row=row, result=row_result))
        return row_result

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None) -> None:
        """The end of the file: the changed records first, then the new ones, so that a new row may
        take a unique value (an email) that a row before it gave up, as it could row by row."""
        changed = [row for row in self.pending if not row.new]
        fields = changed_fields(row.record for row in changed)
        self.write(changed, partial(update_with_history, fields=fields), result, raise_errors)
        self.write([row for row in self.pending if row.new], create_with_history, result, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None) -> None:
        """Nothing left: `bulk_create` wrote the changed records before the new ones."""

    def write(self, rows: list[PendingRow], write: Callable, result: Result, raise_errors: bool) -> None:
        if not rows:
            return
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                write(self._meta.model, [row.instance for row in rows])
        except IntegrityError as error:
            if not self.refuse_rows_at_fault(rows, result):
                self.handle_import_error(result, error, raise_errors)
        except Exception as error:
            # A problem of the file's, as django-import-export reports a failed bulk write.
            self.handle_import_error(result, error, raise_errors)
        else:
            for row in rows:
                row.result.add_instance_info(row.instance)

    def refuse_rows_at_fault(self, rows: list[PendingRow], result: Result) -> bool:
        """Check each row against the unique rules and constraints, as `full_clean()` would have, and
        report those that break one. False when none does (the refusal is then the file's)."""
        refused = False
        for row in rows:
            if row.new:
                row.instance.pk = None
                row.instance._state.adding = True
            errors: dict = {}
            for check in (row.instance.validate_unique, row.instance.validate_constraints):
                try:
                    check()
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
            if errors:
                refused = True
                problem = ValidationError(errors)
                result.totals[row.result.import_type] -= 1
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
                row.result.import_type = RowResult.IMPORT_TYPE_INVALID
                row.result.validation_error = problem
                result.append_invalid_row(row.number, row.row, problem)
        return refused

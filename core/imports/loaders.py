"""Finding the records a file's rows name: one query for the whole file, not one a row."""

from django.core.exceptions import MultipleObjectsReturned
from django.db import models
from import_export.instance_loaders import ModelInstanceLoader


def comparable(value: object) -> object:
    """A cleaned cell as a record's key holds it: a related record by its primary key."""
    return value.pk if isinstance(value, models.Model) else value


class FileInstanceLoader(ModelInstanceLoader):
    """The records the file's rows name by their import id fields, read with one query before the
    rows are imported and matched as `ModelInstanceLoader` matches them (the exact values).

    The query narrows by the first import id field (an officer's slug, a placement's officer, a
    batch's track); the rest are matched here. A cell that names nothing (an unknown officer), or
    two records, is left out now and reported when its row is read."""

    def __init__(self, resource, dataset=None) -> None:
        super().__init__(resource, dataset)
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        attnames = {field.name: field.attname for field in resource._meta.model._meta.concrete_fields}
        self.id_attnames = [attnames[field.attribute] for field in self.id_fields]
        self.handed_out: set = set()
        self.records: dict[tuple, list[models.Model]] = {}
        columns = {field.column_name for field in self.id_fields}
        firsts = set()
        for row in dataset.dict if dataset is not None and dataset.headers else []:
            if columns <= row.keys():
                try:
                    firsts.add(self.row_key(row)[0])
                except (ValueError, MultipleObjectsReturned):
                    continue
        firsts.discard(None)
        if firsts:
            narrowed = self.get_queryset().filter(**{f"{self.id_fields[0].attribute}__in": firsts})
            for record in narrowed:
                self.records.setdefault(self.record_key(record), []).append(record)

    def row_key(self, row) -> tuple:
        return tuple(comparable(field.clean(row)) for field in self.id_fields)

    def record_key(self, record: models.Model) -> tuple:
        return tuple(getattr(record, attname) for attname in self.id_attnames)

    def get_instance(self, row):
        found = self.records.get(self.row_key(row), [])
        if len(found) != 1 or found[0].pk in self.handed_out:
            # Two records with these keys (the query raises what it always did), or a second row
            # naming the same record, which gets a copy of its own to change.
            return super().get_instance(row) if found else None
        self.handed_out.add(found[0].pk)
        return found[0]

"""Stored files follow their records: a file that no record points at any more is deleted.

A replaced or cleared file, and every file of a deleted record, is deleted from storage once the
change is committed; a rollback deletes nothing. Before deleting, the database is asked whether
any record still points at the name, so a file two records share is never taken from under one.
What slips through (an upload whose transaction rolled back, a bulk `update()`, a storage outage)
is left for `manage.py sweep_orphan_files`. Only the Storage API is used (`open`, `save`,
`delete`, `listdir`, `get_modified_time`), so this works on the filesystem and on S3 alike.

`ValidatedImageField` (core/images.py) tracks its own file and its renditions: one mechanism for
every image field, none in the domain apps.
"""

import contextlib
import functools
import operator
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import PurePath
from typing import cast

from django.apps import apps
from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Q, signals
from django.db.models.fields.files import FieldFile

from core.versioning import VersionedModel

# Kept on each instance: the name each tracked field had in the database when the instance was
# read or last saved. Replaced, never changed in place, so a copy of an instance keeps its own.
_STORED = "_portal_stored_file_names"


def stored_name(value: object) -> str:
    """The storage name a field's value stands for: "" for no file or for an upload not saved yet."""
    if isinstance(value, str):
        return value
    # A FieldFile wrapping an upload not saved yet is not "committed"; the stubs leave the flag out.
    if isinstance(value, FieldFile) and getattr(value, "_committed", False):
        return value.name or ""
    return ""


class StoredFileTracker:
    """Deletes the files that some file fields of a model stop pointing at, once that is committed.

    An instance remembers the names it was read with (post_init), so a save learns what it
    replaced without a query.
    """

    def __init__(self, attnames: Sequence[str]) -> None:
        self.attnames = tuple(attnames)

    def connect(self, model: type[models.Model]) -> None:
        # Weak references (the default): a model class built for a migration takes its receivers with it when it goes.
        signals.post_init.connect(self._remember, sender=model)
        signals.post_save.connect(self._saved, sender=model)
        signals.pre_delete.connect(self._deleting, sender=model)
        signals.post_delete.connect(self._deleted, sender=model)

    def read_unknown_names(self, instance: models.Model) -> None:
        """Read the stored names of fields the instance was read without (deferred), before a save or delete."""
        known = getattr(instance, _STORED, {})
        unknown = [attname for attname in self.attnames if attname not in known]
        if unknown:
            rows = type(instance)._base_manager.using(instance._state.db).filter(pk=instance.pk)
            _remember(instance, rows.values(*unknown).first() or {})

    def _remember(self, instance: models.Model, **kwargs) -> None:
        loaded = instance.__dict__
        _remember(instance, {attname: stored_name(loaded[attname]) for attname in self.attnames if attname in loaded})

    def _saved(
        self,
        instance: models.Model,
        created: bool,
        raw: bool,
        using: str,
        update_fields: frozenset[str] | None,
        **kwargs,
    ) -> None:
        saved = [attname for attname in self.attnames if update_fields is None or attname in update_fields]
        before = getattr(instance, _STORED, {})
        now = {attname: stored_name(getattr(instance, attname)) for attname in saved}
        _remember(instance, now)
        # A new record replaced nothing (even a copy of another record, which still has its files);
        # nor does loading a fixture or a backup.
        if created or raw:
            return
        replaced = [(attname, before.get(attname, "")) for attname in saved]
        delete_on_commit(
            ((_storage(instance, attname), old) for attname, old in replaced if old != now[attname]), using=using
        )

    def _deleting(self, instance: models.Model, **kwargs) -> None:
        self.read_unknown_names(instance)

    def _deleted(self, instance: models.Model, using: str, **kwargs) -> None:
        known = getattr(instance, _STORED, {})
        current = instance.__dict__
        files = [
            (_storage(instance, attname), name)
            for attname in self.attnames
            for name in (known.get(attname, ""), stored_name(current.get(attname)))
        ]
        delete_on_commit(files, using=using)


def _remember(instance: models.Model, names: dict[str, str]) -> None:
    setattr(instance, _STORED, {**getattr(instance, _STORED, {}), **names})


def _storage(instance: models.Model, attname: str) -> Storage:
    return cast(models.FileField, instance._meta.get_field(attname)).storage


def delete_on_commit(files: Iterable[tuple[Storage, str]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete stored files once the current transaction commits, keeping any that a record points at.

    Nothing is deleted if the transaction rolls back. A failure is logged and the file left to the
    sweep: the change it follows is committed and must not be reported as failed.
    """
    doomed = list(dict.fromkeys((storage, name) for storage, name in files if name))
    if not doomed:
        return

    def delete_unreferenced_files() -> None:
        referenced = referenced_names((name for _, name in doomed), using=using)
        for storage, name in doomed:
            if name not in referenced:
                delete_file(storage, name)

    transaction.on_commit(delete_unreferenced_files, using=using, robust=True)


def delete_file(storage: Storage, name: str) -> None:
    # Already gone (by hand, or by an earlier attempt) is what was wanted: not every storage says so quietly.
    with contextlib.suppress(FileNotFoundError):
        storage.delete(name)


def referenced_names(names: Iterable[str] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The stored names that some record points at: all of them, or those among `names`.

    Every file field of every installed model counts, not only image fields, so no record loses
    a file. The history tables keep names as plain text and do not count: a photo taken off a
    record does not live on because an old version of the record showed it.
    """
    wanted = None if names is None else set(names)
    if wanted is not None and not wanted:
        return set()
    found: set[str] = set()
    for model in apps.get_models():
        attnames = [field.attname for field in model._meta.concrete_fields if isinstance(field, models.FileField)]
        if model._meta.proxy or not attnames:
            continue
        rows = model._base_manager.using(using).all()
        if wanted is not None:
            rows = rows.filter(functools.reduce(operator.or_, (Q(**{f"{a}__in": wanted}) for a in attnames)))
        for values in rows.values_list(*attnames).iterator():
            found.update(name for name in values if name)
    return found if wanted is None else found & wanted


def orphan_files(storage: Storage, folders: Iterable[str], *, modified_before: datetime) -> list[str]:
    """Files under `folders` that no record points at and that were last written before `modified_before`.

    The cut-off spares uploads in flight: a file is written before the record that points at it is
    committed. References are read after the listing, so a record saved meanwhile keeps its file.
    """
    candidates = [name for folder in folders for name in _files_under(storage, folder)]
    old = [name for name in candidates if _modified_before(storage, name, modified_before)]
    if not old:
        return []
    referenced = referenced_names()
    return sorted(name for name in old if name not in referenced)


def _files_under(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        yield f"{folder}/{file}"
    for subfolder in folders:
        yield from _files_under(storage, f"{folder}/{subfolder}")


def _modified_before(storage: Storage, name: str, cutoff: datetime) -> bool:
    try:
        return storage.get_modified_time(name) < cutoff
    except FileNotFoundError:
        # Deleted since the listing.
        return False


@transaction.atomic
def move_to_fresh_names(instance: models.Model, field_names: Iterable[str]) -> None:
    """Give a record's files new random names, and delete the old names once this commits.

    For when an address someone kept must stop working (an officer withdrawing consent): the files
    are copied to new names through the storage, the record is pointed at them (saving only those
    fields, and the version) and the old names are deleted after the commit. The renditions of an
    image field move with it. A file already missing from storage is left alone: nobody can reach it.
    """
    moved: list[str] = []
    for name in field_names:
        field = instance._meta.get_field(name)
        tracker = getattr(field, "stored_file_tracker", None)
        if not isinstance(tracker, StoredFileTracker):
            # Without a tracker, the old names would never be deleted: the point of moving.
            raise ValueError(f"{field} does not delete the files it stops pointing at.")
        if not instance._state.adding:
            tracker.read_unknown_names(instance)
        for attname in tracker.attnames:
            if _copy_to_fresh_name(instance, attname):
                moved.append(attname)
    if not moved:
        return
    # VersionedModel raises the version on every save; written with the files, or the copy in hand
    # would be a version ahead of the database.
    versioned = ["version"] if isinstance(instance, VersionedModel) else []
    instance.save(update_fields=[*moved, *versioned])


def _copy_to_fresh_name(instance: models.Model, attname: str) -> bool:
    field = cast(models.FileField, instance._meta.get_field(attname))
    old = stored_name(getattr(instance, attname))
    if not old:
        return False
    try:
        with field.storage.open(old, "rb") as content:
            fresh = field.storage.save(field.generate_filename(instance, PurePath(old).name), content)
    except FileNotFoundError:
        return False
    setattr(instance, attname, fresh)
    return True

"""What an import preview shows: how many rows are new, changed and unchanged, and the first rows of
each kind. A file of a thousand rows previews as a page of a few dozen; its problems are listed apart,
every one of them."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export.resources import Diff
from import_export.results import Result, RowResult

KINDS = [
    (RowResult.IMPORT_TYPE_NEW, _("New")),
    (RowResult.IMPORT_TYPE_UPDATE, _("Changed")),
    (RowResult.IMPORT_TYPE_SKIP, _("Unchanged")),
]


@dataclass(frozen=True)
class PreviewGroup:
    kind: str
    title: str
    count: int
    rows: list


def preview_of(result: Result) -> list[PreviewGroup]:
    """Each kind of row with its count and its first rows (`IMPORT_PREVIEW_ROWS`), in file order."""
    shown = settings.IMPORT_PREVIEW_ROWS
    groups = []
    for kind, title in KINDS:
        rows = [row for row in result.valid_rows() if row.import_type == kind]
        groups.append(PreviewGroup(kind=kind, title=str(title), count=len(rows), rows=rows[:shown]))
    return groups


class PreviewDiff(Diff):
    """A row as it was and as the import leaves it, read and marked up when the preview shows the
    row rather than for every row of the file: a preview shows a few dozen of thousands.

    It keeps the copy of the record taken before the row was read (which nothing changes) and the
    record itself, read once the file is written, as a row saved in turn was read after its save."""

    def __init__(self, resource, instance, new) -> None:
        self.resource = resource
        self.original = instance
        self.instance = None
        self.new = new
        self.left: list = []
        self.right: list = []

    def compare_with(self, resource, instance) -> None:
        self.instance = instance

    def as_html(self) -> "DiffCells":
        return DiffCells(self)


class DiffCells:
    """The marked-up cells of one row, made the first time they are read."""

    def __init__(self, diff: PreviewDiff) -> None:
        self.diff = diff
        self.cells: list | None = None

    def __iter__(self) -> Iterator:
        if self.cells is None:
            diff = self.diff
            diff.left = Diff._read_field_values(diff.resource, diff.original)
            diff.right = Diff._read_field_values(diff.resource, diff.instance)
            self.cells = Diff.as_html(diff)
        return iter(self.cells)

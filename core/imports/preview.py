"""What an import preview shows: how many rows are new, changed, unchanged and refused, and the first
rows of each kind under column titles staff read. A file of a thousand rows previews as a page of a
few dozen; its problems are listed apart, every one of them.

The page is under the portal's Content-Security-Policy, which refuses inline styles: a changed cell
marks what the import adds and takes away with `<ins>` and `<del>` carrying classes the admin
stylesheet colours, never with the `style` attribute django-import-export's diff writes."""

from collections.abc import Iterator
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.fields import Field
from import_export.resources import Diff, Resource
from import_export.results import Result, RowResult

KINDS = [
    (RowResult.IMPORT_TYPE_NEW, _("New"), _("New rows")),
    (RowResult.IMPORT_TYPE_UPDATE, _("Changed"), _("Changed rows")),
    (RowResult.IMPORT_TYPE_SKIP, _("Unchanged"), _("Unchanged rows")),
]

MARKUP = {
    diff_match_patch.DIFF_INSERT: '<ins class="portal-diff-added">{}</ins>',
    diff_match_patch.DIFF_DELETE: '<del class="portal-diff-removed">{}</del>',
    diff_match_patch.DIFF_EQUAL: "{}",
}


@dataclass(frozen=True)
class PreviewGroup:
    kind: str
    title: str
    label: str
    count: int
    rows: list


@dataclass(frozen=True)
class ImportSummary:
    """How many rows of a file are new, changed, unchanged and refused (rows with a problem)."""

    new: int
    changed: int
    unchanged: int
    refused: int

    def __str__(self) -> str:
        counts = [
            ngettext("%(count)s new", "%(count)s new", self.new) % {"count": self.new},
            ngettext("%(count)s changed", "%(count)s changed", self.changed) % {"count": self.changed},
            ngettext("%(count)s unchanged", "%(count)s unchanged", self.unchanged) % {"count": self.unchanged},
        ]
        # A file offered for import has no refused row; saying "0 refused" there says nothing.
        if self.refused:
            counts.append(ngettext("%(count)s refused", "%(count)s refused", self.refused) % {"count": self.refused})
        return ", ".join(counts)


def read_rows(result: Result, kind: str) -> list[RowResult]:
    """The rows of one kind that stand for a row of the file: a blank row is skipped without a diff,
    and is no unchanged record."""
    return [row for row in result.valid_rows() if row.import_type == kind and row.diff is not None]


def summary_of(result: Result) -> ImportSummary | None:
    """The file's rows counted by what the import does with them; None when the file itself was
    refused (its columns, say), since then its rows were never read."""
    if result.base_errors:
        return None
    refused = {row.number for row in result.invalid_rows} | {row.number for row in result.error_rows}
    return ImportSummary(
        new=len(read_rows(result, RowResult.IMPORT_TYPE_NEW)),
        changed=len(read_rows(result, RowResult.IMPORT_TYPE_UPDATE)),
        unchanged=len(read_rows(result, RowResult.IMPORT_TYPE_SKIP)),
        refused=len(refused),
    )


def preview_of(result: Result) -> list[PreviewGroup]:
    """Each kind of row with its count and its first rows (`IMPORT_PREVIEW_ROWS`), in file order."""
    shown = settings.IMPORT_PREVIEW_ROWS
    groups = []
    for kind, title, label in KINDS:
        rows = read_rows(result, kind)
        groups.append(PreviewGroup(kind=kind, title=str(title), label=str(label), count=len(rows), rows=rows[:shown]))
    return groups


def column_titles(resource: Resource) -> list[str]:
    """The preview's column titles, one for each cell of a row's diff."""
    return [column_title(resource, field) for field in resource.get_import_fields()]


def column_title(resource: Resource, field: Field) -> str:
    """A column as the admin's forms name it: the verbose name of the model field the column holds,
    else the column's own name in words ("officer_name": "Officer name"), so that every import's
    preview reads alike without each resource naming its columns twice."""
    attribute = field.attribute or ""
    model = getattr(resource._meta, "model", None)
    if model is not None and attribute and "__" not in attribute:
        try:
            verbose_name = getattr(model._meta.get_field(attribute), "verbose_name", None)
        except FieldDoesNotExist:
            verbose_name = None
        if verbose_name:
            return capfirst(str(verbose_name))
    return capfirst(str(field.column_name).replace("_", " ").strip())


def marked_up(before: str, after: str) -> SafeString:
    """`after`, with what differs from `before` marked as added or removed, escaped, in classes."""
    differ = diff_match_patch()
    changes = differ.diff_main(before, after)
    differ.diff_cleanupSemantic(changes)
    parts = (format_html(MARKUP[operation], text) for operation, text in changes if text)
    return mark_safe("".join(parts).replace("\n", "<br>"))  # every part is escaped by format_html


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
    """The marked-up cells of one row, made the first time they are read. A new row's cells are
    its values alone: there is nothing before them to compare with."""

    def __init__(self, diff: PreviewDiff) -> None:
        self.diff = diff
        self.cells: list[SafeString] | None = None

    def __iter__(self) -> Iterator[SafeString]:
        if self.cells is None:
            diff = self.diff
            diff.left = Diff._read_field_values(diff.resource, diff.original)
            diff.right = Diff._read_field_values(diff.resource, diff.instance)
            self.cells = [
                marked_up(_text(after) if diff.new else _text(before), _text(after))
                for before, after in zip(diff.left, diff.right, strict=True)
            ]
        return iter(self.cells)


def _text(value: object) -> str:
    return "" if value is None else str(value)

"""What an import preview shows: how many rows are new, changed and unchanged, and the first rows of
each kind. A file of a thousand rows previews as a page of a few dozen; its problems are listed apart,
every one of them."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
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

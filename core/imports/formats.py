"""CSV and XLSX, read strictly and written safely.

Reading: a file past the row limit is refused whole, with how to split it; an XLSX cell holding a
formula is refused with its row and column (the workbook keeps only a formula's last computed value,
if any, so it would arrive empty). Writing: text that looks like a formula is stored as text, so a
spreadsheet program shows it rather than running it.
"""

from io import BytesIO

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.utils import get_column_letter

from core.imports.cells import FORMULA_STARTS

# Formula cells named in one message at most; the rest are counted.
FORMULAS_NAMED = 10


class FileRefused(Exception):
    """The file as a whole cannot be imported; the message says what to do instead."""


def refuse_too_many_rows(rows: int) -> None:
    limit = settings.IMPORT_MAX_ROWS
    if rows > limit:
        raise FileRefused(
            _(
                "The file has %(rows)s rows; one import takes at most %(limit)s. Split it into files of up to "
                "%(limit)s rows, each with the header row, and import them one after another."
            )
            % {"rows": f"{rows:,}", "limit": f"{limit:,}"}
        )


class SafeCSV(CSV):
    """CSV whose formula-like text ("=HYPERLINK(...)", "+84 24 ...") is written after an
    apostrophe, so a spreadsheet program shows it rather than running it; imports take it off."""

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        dataset = super().create_dataset(in_stream, **kwargs)
        refuse_too_many_rows(len(dataset))
        return dataset

    def export_data(self, dataset, **kwargs) -> str:
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([_shown_as_text(cell) for cell in row])
        return super().export_data(safe, **kwargs)


def _shown_as_text(cell):
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


class SafeXLSX(XLSX):
    """XLSX in which every piece of text is stored as text, never as a formula; a formula in a file
    to import is refused, never read as an empty cell."""

    def create_dataset(self, in_stream) -> tablib.Dataset:
        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(in_stream), read_only=True, data_only=False).active
        # The sheet's declared size refuses a huge file before its rows are read.
        refuse_too_many_rows(max((sheet.max_row or 0) - 1, 0))
        rows = sheet.iter_rows()
        headers = [cell.value for cell in next(rows, ())]
        dataset = tablib.Dataset(headers=headers)
        formulas = []
        for cells in rows:
            values = []
            for cell in cells:
                if cell.data_type == "f":
                    formulas.append((cell.row, cell.column))
                values.append(cell.value)
            values += [None] * (len(headers) - len(values))
            dataset.append(values[: len(headers)])
        if formulas:
            raise FileRefused(_formulas_message(formulas, headers))
        refuse_too_many_rows(len(dataset))
        return dataset

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


def _formulas_message(formulas: list[tuple[int, int]], headers: list) -> str:
    named = []
    for row, column in formulas[:FORMULAS_NAMED]:
        name = headers[column - 1] if column <= len(headers) else get_column_letter(column)
        named.append(_("row %(row)s, column “%(column)s”") % {"row": row, "column": name})
    message = ngettext(
        "A cell holds a formula (%(cells)s): type the value, not a formula, then upload the file again.",
        "Cells hold formulas (%(cells)s): type the values, not formulas, then upload the file again.",
        len(formulas),
    ) % {"cells": "; ".join(named)}
    if len(formulas) > FORMULAS_NAMED:
        message += " " + _("%(more)s more cells hold formulas.") % {"more": len(formulas) - FORMULAS_NAMED}
    return message

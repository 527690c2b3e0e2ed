"""CSV and XLSX that a spreadsheet program opens safely: text is shown, never run as a formula."""

from io import BytesIO

import tablib
from import_export.formats.base_formats import CSV, XLSX

from core.imports.cells import FORMULA_STARTS


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

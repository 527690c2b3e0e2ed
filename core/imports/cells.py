"""A spreadsheet cell as the portal reads it: trimmed text, with what spreadsheet programs add taken off."""

import re

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

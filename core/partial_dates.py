"""Dates known only to a year, a quarter, a month or a day.

The sources say "in 2016", "the last quarter of 2019", "June 2019" and "12 April 2018". A date is
stored as the first day of the period it names, with its precision beside it, so records still sort
and filter by date while pages print no more than the source said.
"""

import calendar
import re
from datetime import date, datetime

from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.imports.cells import cell_text


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


def format_partial_date(value: date | None, precision: str) -> str:
    """'2016', 'Q4 2019', 'June 2019' or '12 April 2018'; '' when the date is unknown."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.QUARTER:
        return gettext("Q%(quarter)s %(year)s") % {"quarter": (value.month - 1) // 3 + 1, "year": value.year}
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def iso_partial_date(value: date | None, precision: str) -> str:
    """The date written no more precisely than it is known: "2016", "2019-06" or "2018-04-12".

    ISO 8601 has no calendar quarter, so a quarter is written as its first month ("2019-10" for
    Q4 2019): with the precision stored beside it, an export re-imports as the same quarter.
    """
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision in (DatePrecision.QUARTER, DatePrecision.MONTH):
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def written_partial_date(value: date | None, precision: str) -> str:
    """The date as it is typed in an edit form, which `parse_partial_date` reads back at the same
    precision: "2016", "2019-Q4", "2019-06" or "2018-04-12"."""
    if value is not None and precision == DatePrecision.QUARTER:
        return f"{value.year:04d}-Q{(value.month - 1) // 3 + 1}"
    return iso_partial_date(value, precision)


# Each written form, with the precision it implies. A quarter is also read as the pages print it ("Q4 2019").
WRITTEN_FORMS = [
    (re.compile(r"^(?P<year>\d{4})$"), DatePrecision.YEAR),
    (re.compile(r"^(?P<year>\d{4})-[Qq](?P<quarter>[1-4])$"), DatePrecision.QUARTER),
    (re.compile(r"^[Qq](?P<quarter>[1-4]) (?P<year>\d{4})$"), DatePrecision.QUARTER),
    (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"), DatePrecision.MONTH),
    (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"), DatePrecision.DAY),
]


def parse_partial_date(value: object) -> tuple[date | None, str]:
    """The date a spreadsheet cell or an edit form gives, at the precision its written form implies.

    The one reading of a partial date, shared by the imports and the admin's forms so both accept the
    same things: a date cell (to the day), "2016", "2019-Q4", "2019-06" or "2019-06-12". A year, a
    quarter or a month is returned as its first day; nothing written is (None, day). Raises
    ValueError for anything else.
    """
    if value in (None, ""):
        return None, DatePrecision.DAY
    if isinstance(value, datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, date):
        return value, DatePrecision.DAY
    text = cell_text(value)
    if not text:
        return None, DatePrecision.DAY
    for pattern, precision in WRITTEN_FORMS:
        match = pattern.match(text)
        if match:
            parts = match.groupdict()
            month = (int(parts["quarter"]) - 1) * 3 + 1 if parts.get("quarter") else int(parts.get("month") or 1)
            try:
                return date(int(parts["year"]), month, int(parts.get("day") or 1)), precision
            except ValueError:
                break
    raise ValueError(
        _(
            "“%(value)s” is not a date. Write it as YYYY-MM-DD (2019-06-12), or YYYY-MM (2019-06) or "
            "YYYY (2019) when only the month or the year is known."
        )
        % {"value": text}
    )


def period_start(value: date, precision: str) -> date:
    """The first day of the period a partial date names (the form it is stored in)."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.QUARTER:
        return value.replace(month=(value.month - 1) // 3 * 3 + 1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value: date, precision: str) -> date:
    """The last day of the period a partial date names: an end "in 2015" lasts until 31 December."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.QUARTER:
        last_month = (value.month - 1) // 3 * 3 + 3
        return value.replace(month=last_month, day=calendar.monthrange(value.year, last_month)[1])
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value

"""Dates and numbers as each language of the portal writes them (attachment_portal/formats/)."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.dates import MONTHS

from core.framework_messages import MONTH_NAMES
from core.tests.catalogues import use_catalogues

# The names a Lao and a Burmese translator give September; Khmer's and Vietnamese's come from Django.
SEPTEMBER = {"lo": "ກັນຍາ", "my": "စက်တင်ဘာ"}


@pytest.fixture(autouse=True)
def september_translated(settings, tmp_path):
    use_catalogues(
        settings,
        tmp_path,
        {"km": {}, "lo": {"September": SEPTEMBER["lo"]}, "my": {"September": SEPTEMBER["my"]}, "vi": {}},
    )


def rendered(language: str, template: str, **context) -> str:
    with translation.override(language):
        return Template(template).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-gb", "29 September 2019"),
        ("km", "29 ខែ កញ្ញា ឆ្នាំ 2019"),
        ("lo", "29 ກັນຍາ 2019"),
        ("my", "2019 ခုနှစ်၊ စက်တင်ဘာလ 29 ရက်"),
        ("vi", "29 tháng 9 năm 2019"),
    ],
)
def test_each_language_writes_a_date_its_own_way_with_the_month_named_in_it(language, expected):
    assert rendered(language, '{{ day|date:"DATE_FORMAT" }}', day=date(2019, 9, 29)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-gb", "September 2019"),
        ("km", "ខែ កញ្ញា ឆ្នាំ 2019"),
        ("lo", "ກັນຍາ 2019"),
        ("my", "2019 ခုနှစ်၊ စက်တင်ဘာလ"),
        ("vi", "tháng 9 năm 2019"),
    ],
)
def test_each_language_writes_a_month_of_a_year_its_own_way(language, expected):
    assert rendered(language, '{{ day|date:"YEAR_MONTH_FORMAT" }}', day=date(2019, 9, 1)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-gb", "29 September 2019, 14:05"),
        ("lo", "29 ກັນຍາ 2019, 14:05"),
        ("my", "2019 ခုနှစ်၊ စက်တင်ဘာလ 29 ရက်၊ 14:05"),
        ("vi", "29 tháng 9 năm 2019, 14:05"),
    ],
)
def test_times_are_written_on_the_24_hour_clock(language, expected):
    moment = datetime(2019, 9, 29, 14, 5)
    assert rendered(language, '{{ moment|date:"DATETIME_FORMAT" }}', moment=moment) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "1,234.5"), ("km", "1.234,5"), ("lo", "1.234,5"), ("my", "1,234.5"), ("vi", "1.234,5")],
)
def test_each_language_separates_thousands_and_decimals_its_own_way(language, expected):
    assert rendered(language, '{{ value|floatformat:"1g" }}', value=1234.5) == expected


def test_the_portals_catalogues_offer_every_month_name_a_date_writes():
    with translation.override(None):
        assert MONTH_NAMES == tuple(str(MONTHS[month]) for month in range(1, 13))

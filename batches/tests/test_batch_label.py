"""A batch's name in the language of the page: "13th Batch" in English, each other language's own pattern."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from batches.models import batch_name
from batches.tests.factories import BatchFactory
from core.tests.catalogues import use_catalogues

pytestmark = pytest.mark.django_db

PATTERN = ("batch label for languages without an English ordinal", "Batch %(number)s")
DIGITS = ("digits a batch's number is written in", "0123456789")
NAME_AND_YEARS = ("batch name and years", "%(name)s, %(years)s")


@pytest.fixture
def translated(settings, tmp_path):
    """Khmer as its translator writes the entries (Khmer numerals); Lao with a mistyped digits entry;
    Burmese with the years after its own separator; Vietnamese not translated yet."""
    use_catalogues(
        settings,
        tmp_path,
        {
            "km": {PATTERN: "ជំនាន់ទី %(number)s", DIGITS: "០១២៣៤៥៦៧៨៩"},
            "lo": {PATTERN: "ລຸ້ນທີ %(number)s", DIGITS: "໐໑໒"},
            "my": {PATTERN: "အသုတ်လိုက် %(number)s", DIGITS: "၀၁၂၃၄၅၆၇၈၉", NAME_AND_YEARS: "%(name)s၊ %(years)s"},
            "vi": {},
        },
    )


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (12, "12th"), (13, "13th"), (22, "22nd"), (113, "113th")],
)
def test_english_names_a_batch_by_its_ordinal(number, expected):
    with translation.override("en-gb"):
        assert batch_name(number) == f"{expected} Batch"


@pytest.mark.usefixtures("translated")
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("km", "ជំនាន់ទី ១៣"),
        ("my", "အသုတ်လိုက် ၁၃"),
        ("lo", "ລຸ້ນທີ 13"),  # a digits entry that is not ten digits long leaves the number as it is
        ("vi", "Batch 13"),  # untranslated: the number, never an English suffix
    ],
)
def test_other_languages_write_the_number_into_their_own_pattern(language, expected):
    with translation.override(language):
        assert batch_name(13) == expected


@pytest.mark.usefixtures("translated")
def test_the_same_batch_is_labelled_in_the_language_active_when_it_is_shown():
    batch = BatchFactory(number=13, start_date=date(2014, 1, 6), end_date=date(2015, 1, 9))

    shown = []
    for language in ("en-gb", "km", "my", "en-gb"):
        with translation.override(language):
            shown.append(batch.label)

    assert shown == ["13th Batch, 2014-2015", "ជំនាន់ទី ១៣, 2014-2015", "အသုတ်လိုက် ၁၃၊ 2014-2015", "13th Batch, 2014-2015"]


@pytest.mark.usefixtures("translated")
@pytest.mark.parametrize(
    ("language", "expected", "not_expected"), [("en-gb", "13th Batch", "ជំនាន់"), ("km", "ជំនាន់ទី ១៣", "13th")]
)
def test_a_batchs_page_names_it_in_the_pages_language(client, language, expected, not_expected):
    batch = BatchFactory(number=13)
    with translation.override(language):
        response = client.get(reverse("public:batch-detail", kwargs={"track": batch.track.slug, "number": 13}))

    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page
    assert not_expected not in page

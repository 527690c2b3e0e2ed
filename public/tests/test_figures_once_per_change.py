"""The figures pages count the records once per change of them: the next page after a graduation is
recorded shows it, in every language, and until then no page counts again."""

import pytest

from batches.tests.factories import BatchFactory
from officers.tests.factories import OfficerFactory, PlacementFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db

# Each page, and how it words the number of graduates on record.
FIGURES_PAGES = {
    "/": "Graduates {} on record in this portal",
    "/statistics/": "{} graduate",  # "1 graduate is", "2 graduates are"
    "/countries/vn/": "Graduates on record {} With a public profile",
    "/km/statistics/": "អ្នកបញ្ចប់កម្មវិធីចំនួន {} នាក់",
    "/programme/": "Graduates on record {}",
}


@pytest.fixture
def graduate():
    return PlacementFactory(officer=OfficerFactory(country="VN"), batch=BatchFactory(number=13))


@pytest.mark.parametrize(("path", "wording"), FIGURES_PAGES.items())
def test_a_graduation_recorded_after_a_page_was_drawn_shows_on_the_next(
    path, wording, graduate, client, django_capture_on_commit_callbacks
):
    # A made-up parameter keeps the page out of the page cache: the figures alone are kept.
    assert wording.format(1) in text_of(client.get(f"{path}?fresh=1"))
    with django_capture_on_commit_callbacks(execute=True):
        PlacementFactory(officer=OfficerFactory(country="VN"), batch=graduate.batch)
    assert wording.format(2) in text_of(client.get(f"{path}?fresh=2"))


def test_the_statistics_page_counts_once_then_reads_the_counts_kept(
    graduate, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get("/statistics/?fresh=1")
    # Another address (another language, another query) in the same generation counts nothing.
    with django_assert_num_queries(0):
        assert client.get("/km/statistics/?fresh=2").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PlacementFactory(officer=OfficerFactory(country="LA"), batch=graduate.batch)
    # graduations per batch and country; repeat graduates; batches; batches run; reported figures
    with django_assert_num_queries(5):
        response = client.get("/statistics/?fresh=3")
    assert "2 graduates are on record in the portal" in text_of(response)

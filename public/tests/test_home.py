from datetime import date

import pytest
from django.core.management import call_command

from batches.models import BatchStatus
from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import GraduateStoryFactory, PlacementFactory, ReportedFigureFactory
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def test_home_shows_the_seeded_figures_and_stories(client):
    call_command("seed_programme", verbosity=0)
    response = client.get("/")
    assert response.status_code == 200
    figures = {item.track.slug: item.batches for item in response.context["figures"].tracks}
    # The 16th and the 5th batches are only announced by the article: planned, not run.
    assert figures == {"junior-diplomats": 15, "aec-ascc": 4}
    assert response.context["figures"].graduates == 4
    assert response.context["figures"].countries == 4
    assert "Htet Htet Htoo: confidence, networks and trade negotiations" in response.content.decode()


def test_home_shows_the_articles_figures_beside_the_records(client, seeded):
    # Read in the page's order: what is counted, the reported number and its source, the records' number.
    page = text_of(client.get("/"))
    assert "Graduates 88 reported by JAIF Management Team, as of 29 September 2019 4 on record in this portal" in page
    assert (
        "Junior Diplomats batches run 15 reported by JAIF Management Team, as of 29 September 2019 "
        "15 on record in this portal" in page
    )
    assert (
        "AEC and ASCC Involvement batches run 4 reported by JAIF Management Team, as of 29 September 2019 "
        "4 on record in this portal" in page
    )
    assert "Countries 4 that graduates on record come from" in page
    content = client.get("/").content.decode()
    assert '<time datetime="2019-09-29">29 September 2019</time>' in content


def test_without_a_reported_figure_the_records_stand_alone(client):
    PlacementFactory()
    page = text_of(client.get("/"))
    assert "Graduates 1 on record in this portal" in page
    assert "reported by" not in page


def test_the_latest_reported_figure_is_shown_and_linked_to_its_source(client):
    ReportedFigureFactory(value=70, as_of=date(2017, 6, 1), statement="70 graduates so far.")
    ReportedFigureFactory(
        value=120,
        as_of=date(2024, 3, 1),
        source_name="ASEAN Secretariat",
        source_title="Annual Report 2023-2024",
        source_url="https://asean.org/annual-report",
        statement="120 officers have graduated.",
    )
    response = client.get("/")
    page = text_of(response)
    assert "Graduates 120 reported by ASEAN Secretariat, as of 1 March 2024 ( the source : Annual Report" in page
    assert "Graduates 70" not in page
    assert '<a href="https://asean.org/annual-report">the source' in response.content.decode()


def test_planned_batches_are_not_counted_as_run(client):
    track = ProgrammeTrackFactory(slug="junior-diplomats", short_name="Junior Diplomats")
    BatchFactory(track=track, number=1, start_date=date(2014, 1, 1), end_date=date(2015, 1, 1))
    BatchFactory(track=track, number=2, start_date=date(2016, 1, 1), end_date=None)
    BatchFactory(track=track, number=3, start_date=None, end_date=None, recorded_status=BatchStatus.COMPLETED)
    BatchFactory(track=track, number=4, start_date=date(2999, 1, 1), end_date=None)
    BatchFactory(track=track, number=5, start_date=None, end_date=None)
    BatchFactory(
        track=track, number=6, start_date=date(2019, 10, 1), end_date=None, recorded_status=BatchStatus.PLANNED
    )
    response = client.get("/")
    assert [item.batches for item in response.context["figures"].tracks] == [3]
    assert "Junior Diplomats batches run 3 on record" in text_of(response)


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_home_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    PlacementFactory.create_batch(officers)
    GraduateStoryFactory.create_batch(3)
    track = ProgrammeTrackFactory()
    ReportedFigureFactory()
    ReportedFigureFactory(kind="batches_run", track=track, value=4, statement="4 batches")
    # graduates and their countries counted together, tracks with the batches they ran, the reported
    # figures with their tracks, stories, their placements, their photos
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200


def test_home_leads_ministries_and_officers_to_how_to_take_part(client):
    content = client.get("/").content.decode()
    assert '<a href="/take-part/">How ministries nominate officers, and how to take part</a>' in content

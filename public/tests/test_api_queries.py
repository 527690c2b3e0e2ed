"""Each endpoint runs the same number of queries whatever the number of records: no query per record."""

import pytest

from batches.tests.factories import ActivityFactory, BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

# The queries each endpoint runs, named.
BUDGETS = {
    # tracks, their batches (the filters' choices); count; the page; placements with batches,
    # tracks and divisions; photos
    "/api/v1/stories/?page_size=100": 6,
    # the story with its officer; placements; photos
    "/api/v1/stories/{story}/": 3,
    # count; the page; placements (the tracks and their batches were read for the stories list above,
    # and are read again only after the records change: public/list_filters.py)
    "/api/v1/graduates/?track=track&page_size=100": 3,
    # the officer; placements; checked career steps; public stories
    "/api/v1/graduates/{officer}/": 4,
    # tracks with their counts; pillars
    "/api/v1/tracks/": 2,
    "/api/v1/tracks/track/": 2,
    # the track; count; the page of batches with their graduate counts
    "/api/v1/tracks/track/batches/?page_size=100": 3,
    # the batch with its track and graduate count; activities; public graduates with divisions
    "/api/v1/tracks/track/batches/1/": 3,
    # graduates, public profiles and public stories, each per country
    "/api/v1/countries/": 3,
    # per-batch counts, repeat graduates, the batches counted; batches run per track, the
    # reported figures; the tracks with their batches run
    "/api/v1/figures/": 6,
    # nothing from the records
    "/api/schema/": 0,
}


def many_records(count: int) -> dict:
    """`count` graduates of one track, one a batch, each with a story, a photo, a career step and an activity."""
    track = ProgrammeTrackFactory(slug="track")
    stories = []
    for number in range(1, count + 1):
        batch = BatchFactory(track=track, number=number)
        officer = OfficerFactory()
        PlacementFactory(officer=officer, batch=batch)
        CareerMilestoneFactory(officer=officer)
        ActivityFactory(batch=batch)
        stories.append(GraduateStoryFactory(officer=officer))
        StoryPhotoFactory(story=stories[-1])
    return {"story": stories[0].slug, "officer": stories[0].officer.slug}


@pytest.mark.parametrize("count", RECORD_COUNTS)
def test_each_endpoint_runs_the_same_queries_with_few_and_many_records(client, django_assert_num_queries, count):
    slugs = many_records(count)
    for path, queries in BUDGETS.items():
        with django_assert_num_queries(queries):
            response = client.get(path.format(**slugs))
        assert response.status_code == 200, path
        results = response.json()
        if "count" in results:
            assert results["count"] == count, path

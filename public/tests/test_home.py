import pytest
from django.core.management import call_command

from officers.tests.factories import GraduateStoryFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db


def test_home_shows_the_seeded_figures_and_stories(client):
    call_command("seed_programme", verbosity=0)
    response = client.get("/")
    assert response.status_code == 200
    figures = {item.track.slug: item.batches for item in response.context["figures"].tracks}
    assert figures == {"junior-diplomats": 16, "aec-ascc": 5}
    assert response.context["figures"].graduates == 4
    assert response.context["figures"].countries == 4
    assert "Htet Htet Htoo: confidence, networks and trade negotiations" in response.content.decode()


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_home_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    PlacementFactory.create_batch(officers)
    GraduateStoryFactory.create_batch(3)
    # graduates and their countries counted together, tracks with batch counts, stories, their placements,
    # their photos
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200

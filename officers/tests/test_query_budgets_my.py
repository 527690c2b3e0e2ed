"""The query budgets of an officer's own forms, /my/profile/ and /my/consent/: each reads the signed-in
officer and nothing else, however much is recorded about them or their batch."""

import pytest

from officers.tests.factories import CareerMilestoneFactory, GraduateStoryFactory, PlacementFactory
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session, the signed-in user
OFFICER = 1  # the officer linked to the login, with their home organisation
LANGUAGE = 1  # the language the officer chose (the profile's language select)


def record_about(officer, records: int) -> None:
    """`records` career steps and stories of the officer, and as many colleagues in their batch."""
    batch = officer.placements.get().batch
    PlacementFactory.create_batch(records, batch=batch)
    CareerMilestoneFactory.create_batch(records, officer=officer)
    GraduateStoryFactory.create_batch(records, officer=officer)


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_profile_form_query_count_does_not_grow(officer_a, officer_a_client, django_assert_num_queries, records):
    record_about(officer_a, records)
    with django_assert_num_queries(SESSION_AND_USER + OFFICER + LANGUAGE):
        response = officer_a_client.get("/my/profile/")
    assert response.status_code == 200
    assert response.context["form"].instance == officer_a


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_consent_form_query_count_does_not_grow(officer_a, officer_a_client, django_assert_num_queries, records):
    record_about(officer_a, records)
    with django_assert_num_queries(SESSION_AND_USER + OFFICER):
        response = officer_a_client.get("/my/consent/")
    assert response.status_code == 200
    assert "At the moment you consent." in response.content.decode()

"""Nothing that is not public reaches the API: the test walks every endpoint and every page of every
list, following the API's own links, and searches each answer for the values that must never appear."""

import json
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone

from batches.tests.factories import BatchFactory
from officers.models import MilestoneSource, Officer, StoryState
from officers.services.consent import record_signed_consent
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
)
from officers.tests.nomination_factories import NominationFactory

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
# Fields no answer may have, whatever their value: contact details, consent records, a story's state
# and approval, what a placement records for staff, nominations.
PRIVATE_FIELDS = {
    *Officer.CONTACT_DETAILS,
    *Officer.CONSENT_FIELDS,
    "position_at_nomination",
    "home_organisation",
    "state",
    "officer_approved_on",
    "officer_approved_fingerprint",
    "search_document",
    "objectives",
    "supervisor_name",
    "supervisor",
    "supervised_by",
    "nominations",
    "interview_notes",
    "cv",
    "letter",
}


@pytest.fixture
def generous_limit(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "10000/minute"}}


def private_world() -> list[str]:
    """A public graduate with every kind of private detail, and every kind of record the public may
    not see; returns the values none of them may show."""
    batch = BatchFactory(notes="")
    public = OfficerFactory(
        full_name="Public Graduate",
        email="public.graduate@private.example",
        phone="+84 24 5550 1111",
        user=UserFactory(username="public.login@private.example"),
        position_at_nomination="Position-at-nomination-secret",
        home_organisation=OrganisationFactory(name="Nominating ministry secret"),
    )
    PlacementFactory(
        officer=public,
        batch=batch,
        notes="Placement-notes-secret",
        objectives="Placement-objectives-secret",
        supervisor_name="Supervisor-name-secret",
    )
    record_signed_consent(
        officer=public,
        form_reference="CONSENT-FORM-7731",
        signed_on=date(2011, 11, 11),
        by=UserFactory(username="consent.recorder@private.example"),
    )
    GraduateStoryFactory(officer=public, headline="The public story")
    GraduateStoryFactory(officer=public, headline="Draft-headline-secret", state=StoryState.DRAFT, published_on=None)
    GraduateStoryFactory(
        officer=public, headline="Review-headline-secret", state=StoryState.IN_REVIEW, published_on=None
    )
    GraduateStoryFactory(
        officer=public, headline="Future-headline-secret", published_on=timezone.localdate() + timedelta(days=3)
    )
    CareerMilestoneFactory(officer=public, title="Checked public step")
    CareerMilestoneFactory(
        officer=public, title="Unchecked-step-secret", source=MilestoneSource.OFFICER, checked_at=None
    )

    hidden = OfficerFactory(full_name="Withheld Graduate", slug="withheld-graduate", public_profile_consent=False)
    PlacementFactory(officer=hidden, batch=batch)
    GraduateStoryFactory(officer=hidden, headline="Withheld-story-secret", slug="withheld-story")
    CareerMilestoneFactory(officer=hidden, title="Withheld-step-secret")

    NominationFactory(
        call__batch=batch,
        full_name="Nominee-name-secret",
        email="nominee@private.example",
        position="Nominee-position-secret",
        interview_notes="Interview-notes-secret",
    )
    return [
        "@private.example",
        "5550 1111",
        "Position-at-nomination-secret",
        "Nominating ministry secret",
        "Placement-notes-secret",
        "Placement-objectives-secret",
        "Supervisor-name-secret",
        "CONSENT-FORM-7731",
        "2011-11-11",
        "Draft-headline-secret",
        "Review-headline-secret",
        "Future-headline-secret",
        "Unchecked-step-secret",
        "Withheld",
        "withheld",
        "Nominee-",
        "Interview-notes-secret",
        "private-media",
        ".pdf",
    ]


def api_links(value) -> list[str]:
    """Every address of the API that an answer links to."""
    if isinstance(value, dict):
        return [link for item in value.values() for link in api_links(item)]
    if isinstance(value, list):
        return [link for item in value for link in api_links(item)]
    if isinstance(value, str) and value.startswith(f"{ORIGIN}/api/v1/"):
        return [value.removeprefix(ORIGIN)]
    return []


def field_names(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {name for item in value.values() for name in field_names(item)}
    if isinstance(value, list):
        return {name for item in value for name in field_names(item)}
    return set()


def walk(client, start: list[str]) -> dict[str, str]:
    """Every address reachable from `start` through the API's links, with its answer's text."""
    answers, waiting = {}, list(start)
    while waiting:
        path = waiting.pop()
        if path in answers:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        answers[path] = response.content.decode()
        waiting += api_links(response.json())
    return answers


def test_no_answer_holds_a_private_detail_or_a_record_the_public_may_not_see(client, generous_limit):
    never_shown = private_world()
    lists = ["/api/v1/stories/", "/api/v1/graduates/", "/api/v1/tracks/", "/api/v1/countries/", "/api/v1/figures/"]
    answers = walk(client, [f"{path}?page_size=1" for path in lists[:2]] + lists[2:])

    endpoints = {resolve(urlsplit(path).path).view_name for path in answers}
    assert endpoints == {
        f"api:v1:{name}"
        for name in (
            "story-list",
            "story-detail",
            "graduate-list",
            "graduate-detail",
            "track-list",
            "track-detail",
            "batch-list",
            "batch-detail",
            "country-list",
            "figures",
        )
    }, "the walk must reach every endpoint"
    everything = "\n".join(answers.values())
    assert "The public story" in everything and "Checked public step" in everything
    for value in never_shown:
        assert value not in everything, f"{value!r} appears in {[p for p, a in answers.items() if value in a]}"
    names = set().union(*(field_names(json.loads(answer)) for answer in answers.values()))
    assert not names & PRIVATE_FIELDS


def test_a_record_the_public_may_not_see_is_404_at_its_address(client, generous_limit):
    never_shown = private_world()
    for path in ("/api/v1/graduates/withheld-graduate/", "/api/v1/stories/withheld-story/"):
        response = client.get(path)
        assert response.status_code == 404
        assert not [value for value in never_shown if value in response.content.decode()]

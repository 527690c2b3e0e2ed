"""Who reaches the career pages: the walk of every /my/career/ URL, to GET and to POST, as everyone but
officer A (the graduate whose career it is): another graduate, an officer not yet graduated, a staff
member with no officer or supervisor record, Communications, a focal point, and an anonymous visitor.

A graduate and an officer see their own page (and a graduate may send their own step); everyone else
is refused. No response ever carries A's career, and nothing of A's is ever changed.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from officers import career_urls
from officers.models import CareerMilestone, MilestoneSource
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, OrganisationFactory, UserFactory
from officers.tests.nomination_factories import FocalPointFactory
from officers.tests.test_career_updates import step_form
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

# Each role's answer to GET and to an empty POST, on every career URL.
EXPECTED = {
    "another graduate": {"get": 200, "post": 200},  # their own page; the empty form refused beside its fields
    "officer not graduated": {"get": 200, "post": 403},  # the page says it opens after graduation
    "staff, no officer record": {"get": 403, "post": 403},
    "communications": {"get": 403, "post": 403},
    "focal point": {"get": 403, "post": 403},
    "anonymous": {"get": 302, "post": 302},  # to sign in
}


def career_paths() -> list[str]:
    """Every route of the career pages; none takes a parameter, so none can name another officer."""
    patterns = [entry for entry in career_urls.urlpatterns if isinstance(entry, URLPattern)]
    assert len(patterns) == len(career_urls.urlpatterns)
    return [reverse(f"career:{pattern.name}") for pattern in patterns]


@pytest.fixture
def alpha_career(officer_a) -> list[str]:
    """Officer A's steps, one checked from a story and one of their own waiting; their traces on a page."""
    organisation = OrganisationFactory(name="Alpha's Secret Ministry")
    CareerMilestoneFactory(officer=officer_a, title="Alpha's Checked Post", organisation=organisation)
    CareerMilestoneFactory(officer=officer_a, title="Alpha's Waiting Post", source=MilestoneSource.OFFICER)
    return [officer_a.full_name, officer_a.slug, "Alpha's Checked Post", "Alpha's Waiting Post"]


@pytest.fixture
def clients(officer_b, communications) -> dict[str, Client]:
    not_graduated = OfficerFactory(user=UserFactory(username="charlie@example.org"))
    return {
        "another graduate": signed_in_client(officer_b.user),
        "officer not graduated": signed_in_client(not_graduated.user),
        "staff, no officer record": signed_in_client(UserFactory(username="staff@example.org", is_staff=True)),
        "communications": signed_in_client(communications),
        "focal point": signed_in_client(FocalPointFactory().user),
        "anonymous": Client(),
    }


def test_no_one_but_the_graduate_reaches_their_career(officer_a, alpha_career, clients):
    before = list(CareerMilestone.objects.filter(officer=officer_a).values())
    tried, wrong = 0, []
    for role, client in clients.items():
        for path in career_paths():
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                tried += 1
                expected = EXPECTED[role][method]
                if response.status_code != expected:
                    wrong.append(f"{role}: {method.upper()} {path} answered {response.status_code}, not {expected}")
                if role == "anonymous" and response["Location"] != f"/accounts/login/?next={quote(path)}":
                    wrong.append(f"{role}: {method.upper()} {path} went to {response['Location']}")
                page = response.content.decode()
                wrong += [f"{role}: {method.upper()} {path} shows {t!r}" for t in alpha_career if t in page]

    assert wrong == []
    # 6 roles × 1 URL × GET and POST.
    assert tried == len(EXPECTED) * len(career_paths()) * 2 == 12
    assert list(CareerMilestone.objects.filter(officer=officer_a).values()) == before


def test_ids_of_a_in_the_address_or_the_form_change_nothing_of_a(officer_a, officer_b, alpha_career, clients):
    """Officer B names A every way they could: B's page stays B's, and the step posted is B's own."""
    b_client = clients["another graduate"]
    names_a = dict.fromkeys(("officer", "officer_id", "id", "pk", "user", "user_id"), officer_a.pk)
    names_a["slug"] = officer_a.slug
    page = b_client.get("/my/career/", names_a).content.decode()
    assert not [trace for trace in alpha_career if trace in page]
    for key in (officer_a.pk, officer_a.slug):
        assert b_client.get(f"/my/career/{key}/").status_code == 404

    response = b_client.post(f"/my/career/?officer={officer_a.pk}", {**step_form(), **names_a})

    assert response.status_code == 302
    sent = CareerMilestone.objects.get(title=step_form()["title"])
    assert sent.officer == officer_b
    assert CareerMilestone.objects.filter(officer=officer_a).count() == 2

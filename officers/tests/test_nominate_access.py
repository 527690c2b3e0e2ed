"""Who reaches the nomination pages: the walk of every /nominate/ URL, documents and actions
included, about a nomination of organisation A in Lao PDR, as everyone who is not A's focal point.

Each request is refused (404 for a focal point of another organisation, 403 for any other login, a
sign-in redirect for anonymous visitors) and changes nothing, except a focal point's own pages that
name no nomination (their home, and the new-draft form of a call open to their country), which
answer with their own organisation's data. No response ever carries A's nominee.
"""

from urllib.parse import quote

import pytest
from django.test import Client

from officers.models import Nomination
from officers.tests.factories import OrganisationFactory
from officers.tests.nomination_factories import CallForNominationsFactory, FocalPointFactory, NominationFactory
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

ROLES = ["same country", "other country", "officer", "editor", "communications", "viewer", "anonymous"]
METHODS = ["get", "post"]
# A focal point's own pages, about no nomination: (role, URL name, method) → the status they answer.
OWN_PAGES = {
    ("same country", "home", "get"): 200,
    ("same country", "home", "post"): 405,
    ("same country", "new", "get"): 200,
    # An empty form posted: refused beside its fields, nothing saved.
    ("same country", "new", "post"): 200,
    ("other country", "home", "get"): 200,
    ("other country", "home", "post"): 405,
}


@pytest.fixture
def nomination_of_a() -> Nomination:
    organisation_a = OrganisationFactory(name="Organisation Alpha", country="LA")
    call = CallForNominationsFactory(places={"LA": 2})
    return NominationFactory(
        call=call,
        focal_point=FocalPointFactory(organisation=organisation_a),
        full_name="Phetsamone Alpha-Nominee",
        name_in_own_script="ເພັດສະໝອນ",
        email="phetsamone.alpha@example.org",
        submitted=True,
    )


def urls_about(nomination: Nomination) -> dict[str, str]:
    """Every /nominate/ route, with the nomination's and its call's ids."""
    base = f"/nominate/nominations/{nomination.pk}"
    return {
        "home": "/nominate/",
        "new": f"/nominate/calls/{nomination.call_id}/new/",
        "nomination": f"{base}/",
        "cv": f"{base}/documents/cv/",
        "letter": f"{base}/documents/letter/",
        "submit": f"{base}/submit/",
        "withdraw": f"{base}/withdraw/",
        "delete": f"{base}/delete/",
    }


@pytest.fixture
def clients(officer_a, editor, communications, viewer) -> dict[str, Client]:
    return {
        "same country": signed_in_client(FocalPointFactory(organisation__country="LA").user),
        "other country": signed_in_client(FocalPointFactory(organisation__country="KH").user),
        "officer": signed_in_client(officer_a.user),
        "editor": signed_in_client(editor),
        "communications": signed_in_client(communications),
        "viewer": signed_in_client(viewer),
        "anonymous": Client(),
    }


def refused(role: str, name: str, method: str, path: str, response) -> bool:
    if role == "anonymous":
        return response.status_code == 302 and response["Location"] == f"/accounts/login/?next={quote(path)}"
    if role in ("same country", "other country"):
        return response.status_code == OWN_PAGES.get((role, name, method), 404)
    return response.status_code == 403


def traces_of(nomination: Nomination) -> list[bytes]:
    return [
        text.encode()
        for text in (nomination.full_name, nomination.name_in_own_script, nomination.email, nomination.cv.name)
    ]


def test_no_one_but_the_organisations_focal_point_reaches_its_nomination(nomination_of_a, clients):
    before = list(Nomination.objects.values())
    tried, wrong = 0, []
    for role, client in clients.items():
        for name, path in urls_about(nomination_of_a).items():
            for method in METHODS:
                response = getattr(client, method)(path)
                tried += 1
                body = b"".join(response.streaming_content) if response.streaming else response.content
                if not refused(role, name, method, path, response):
                    wrong.append(f"{role}: {method.upper()} {path} answered {response.status_code}")
                if any(trace in body for trace in traces_of(nomination_of_a)):
                    wrong.append(f"{role}: {method.upper()} {path} shows A's nominee")

    assert wrong == []
    # 7 roles × 8 URLs × GET and POST; all but the 6 own pages of OWN_PAGES are refusals.
    assert tried == len(ROLES) * 8 * len(METHODS) == 112
    assert tried - len(OWN_PAGES) == 106
    assert list(Nomination.objects.values()) == before
    assert nomination_of_a.cv.storage.exists(nomination_of_a.cv.name)


def test_the_organisations_own_focal_point_reaches_every_url(nomination_of_a):
    """A colleague of the same organisation (not the one who nominated) reaches each route, ending
    with the actions: withdraw works, and submit and delete are refused with a message."""
    colleague = signed_in_client(FocalPointFactory(organisation=nomination_of_a.nominating_organisation).user)
    urls = urls_about(nomination_of_a)
    for name in ("home", "new", "nomination", "cv", "letter"):
        assert colleague.get(urls[name]).status_code == 200, name
    for name in ("submit", "withdraw", "delete"):
        response = colleague.post(urls[name])
        assert (response.status_code, response["Location"]) == (302, urls["nomination"]), name
    nomination_of_a.refresh_from_db()
    assert nomination_of_a.state == "withdrawn"


@pytest.mark.parametrize("role", ["officer", "editor", "communications", "viewer"])
def test_other_logins_are_told_what_the_pages_are_for(nomination_of_a, clients, role):
    response = clients[role].get("/nominate/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is for nominating focal points" in page
    expected_link = 'href="/my/"' if role == "officer" else 'href="/admin/"'
    assert expected_link in page
    assert "no-cache" in response["Cache-Control"]


def test_a_call_that_offers_the_country_no_place_is_404(clients):
    cambodian_only = CallForNominationsFactory(places={"KH": 2})
    assert clients["same country"].get(f"/nominate/calls/{cambodian_only.pk}/new/").status_code == 404
    assert clients["other country"].get(f"/nominate/calls/{cambodian_only.pk}/new/").status_code == 200


def test_posted_ids_cannot_file_a_nomination_under_another_organisation(nomination_of_a, clients):
    """The form takes no call, focal point, nominating organisation or country: posting them changes nothing."""
    other_call = CallForNominationsFactory(places={"LA": 1})
    lao_client = clients["same country"]
    own = lao_client.get("/nominate/").context["focal_point"]
    data = {
        "full_name": "Own Nominee",
        "gender": "male",
        "organisation": own.organisation.pk,
        "position": "Officer",
        "email": "own.nominee@example.org",
        "languages": "Lao",
        "call": other_call.pk,
        "focal_point": nomination_of_a.focal_point.pk,
        "nominating_organisation": nomination_of_a.nominating_organisation.pk,
        "country": "KH",
    }
    response = lao_client.post(f"/nominate/calls/{nomination_of_a.call_id}/new/", data)
    assert response.status_code == 302
    saved = Nomination.objects.get(full_name="Own Nominee")
    assert (saved.call, saved.focal_point, saved.nominating_organisation, saved.country) == (
        nomination_of_a.call,
        own,
        own.organisation,
        "LA",
    )

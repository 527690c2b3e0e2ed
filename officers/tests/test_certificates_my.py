"""/my/certificate/: an officer's own certificates and their PDFs, never anyone else's.

Officer A has a certificate. Every other kind of visitor (officer B, a supervisor, Communications,
a viewer, an editor, a nominating focal point, anonymous) asks for A's page and A's PDF by its
number: each pair ends at a sign-in page, a page with no certificate, or a 404, and nothing of A's
comes back."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from batches.models import Batch
from batches.tests.factories import ProgrammeTrackFactory
from core.page_cache import page_key
from officers.models import Certificate, Placement
from officers.services.certificates import revoke_certificate
from officers.tests.attachment_factories import SupervisorFactory
from officers.tests.nomination_factories import FocalPointFactory
from officers.tests.test_certificates import issued_certificate, quick_pdfs  # noqa: F401  (a fixture)
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdfs")]

PAGE = "/my/certificate/"
VISITORS = ["officer_b", "supervisor", "communications", "viewer", "editor", "focal_point", "anonymous"]


@pytest.fixture
def alpha_certificate(officer_a, editor):
    return issued_certificate(by=editor, officer=officer_a)


def client_of(request, visitor: str) -> Client:
    if visitor == "anonymous":
        return Client()
    made = {"focal_point": FocalPointFactory, "supervisor": SupervisorFactory}
    user = made[visitor]().user if visitor in made else request.getfixturevalue(visitor)
    return signed_in_client(getattr(user, "user", user))


def test_an_officer_sees_and_downloads_their_certificate(officer_a_client, alpha_certificate):
    response = officer_a_client.get(PAGE)
    page = response.content.decode()
    download = reverse("certificates:download", kwargs={"number": alpha_certificate.number})
    assert alpha_certificate.number in page and download in page
    assert alpha_certificate.placement.batch.label in page
    assert reverse("verify:certificate", kwargs={"code": alpha_certificate.verification_code}) in page
    assert "no-store" in response["Cache-Control"]

    pdf = officer_a_client.get(download)
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == f'attachment; filename="certificate-{alpha_certificate.number}.pdf"'
    assert {"private", "no-store"} <= set(pdf["Cache-Control"].replace(" ", "").split(","))
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_an_officer_with_no_certificate_yet_is_told_when_it_comes(officer_a_client):
    page = officer_a_client.get(PAGE).content.decode()
    assert "You have no certificate yet" in page


def test_a_revoked_certificate_says_so_and_is_no_longer_handed_out(officer_a_client, alpha_certificate, editor):
    revoke_certificate(certificate=alpha_certificate, reason="Issued by mistake.", by=editor)
    page = officer_a_client.get(PAGE).content.decode()
    assert "revoked this certificate on" in page and "Issued by mistake." not in page
    download = reverse("certificates:download", kwargs={"number": alpha_certificate.number})
    assert download not in page
    assert officer_a_client.get(download).status_code == 404


def test_nobody_else_reaches_an_officers_certificate(request, alpha_certificate):
    addresses = [PAGE, reverse("certificates:download", kwargs={"number": alpha_certificate.number})]
    traces = [
        alpha_certificate.number,
        alpha_certificate.verification_code,
        alpha_certificate.placement.officer.full_name,
    ]
    refused, leaks = [], []
    for visitor in VISITORS:
        client = client_of(request, visitor)
        for address in addresses:
            response = client.get(address)
            if visitor == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
            else:
                # The page answers with no certificate on it; the PDF is a 404.
                ok = response.status_code == (200 if address == PAGE else 404)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            leaks += [f"{visitor} {address}: {trace}" for trace in traces if trace.encode() in body]
            if ok:
                refused.append((visitor, address))
    assert leaks == []
    # Seven visitors, each asking for the page and the PDF.
    assert len(refused) == len(VISITORS) * len(addresses) == 14


@pytest.mark.parametrize("visitor", ["communications", "focal_point", "supervisor"])
def test_other_logins_get_a_friendly_page(request, visitor):
    page = client_of(request, visitor).get(PAGE).content.decode()
    assert "no attachment officer's record is linked to this login" in page


def test_officer_b_sees_only_their_own(officer_b, alpha_certificate, editor):
    own = issued_certificate(by=editor, officer=officer_b)
    page = signed_in_client(officer_b.user).get(PAGE).content.decode()
    assert own.number in page and alpha_certificate.number not in page


def test_the_page_cache_never_keeps_a_certificate_page(officer_a_client, alpha_certificate, rf):
    download = reverse("certificates:download", kwargs={"number": alpha_certificate.number})
    for address in [PAGE, download]:
        officer_a_client.get(address)
        Client().get(address)
        assert cache.get(page_key(rf.get(address))) is None, address


def certificates_of(officer, records: int) -> None:
    """`records` certificates of the officer, one per placement in as many batches (of a track of
    their own, whose numbers no other batch takes), written in bulk."""
    first = officer.placements.first()
    track = ProgrammeTrackFactory()
    batches = Batch.objects.bulk_create([Batch(track=track, number=n) for n in range(1, records + 1)])
    placements = Placement.objects.bulk_create(
        [Placement(officer=officer, batch=batch, division=first.division) for batch in batches]
    )
    Certificate.objects.bulk_create(
        [
            Certificate(placement=placement, number=f"AAP-2020-{n:04d}", issued_on=date(2020, 1, 1))
            for n, placement in enumerate(placements, start=1)
        ]
    )


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_page_reads_the_same_queries_however_many_certificates(
    officer_a, officer_a_client, django_assert_num_queries, records
):
    certificates_of(officer_a, records)
    # The session and the user; the officer; their certificates with placement, batch, track and
    # division.
    with django_assert_num_queries(2 + 1 + 1):
        response = officer_a_client.get(PAGE)
    assert len(response.context["certificates"]) == records

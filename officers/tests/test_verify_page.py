"""/verify/: anyone may check a certificate's code and learn the holder's name, the track, the batch
and the issue date, nothing else; a code no certificate has is a 404 that says so; a revoked
certificate says when; each address gets VERIFY_LOOKUPS lookups per window, then 429; a Redis
outage lifts the limit rather than failing; and no cache keeps the page, so a revocation shows at once."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bench.servers import DEFAULT_REDIS_URL, redis_reachable
from core.page_cache import page_key
from core.tests.test_resilient_cache import UNREACHABLE_URL, resilient_cache_at
from officers.certificate_pdf import grouped_code
from officers.services.certificates import revoke_certificate
from officers.tests.factories import OfficerFactory
from officers.tests.test_certificates import issued_certificate, quick_pdfs  # noqa: F401  (a fixture)
from officers.views.certificates import VERIFY_LOOKUPS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdfs")]


@pytest.fixture
def certificate(editor):
    officer = OfficerFactory(
        full_name="Chhy Ratha", name_in_own_script="ឈី រតនា", country="KH", email="ratha.private@example.org"
    )
    return issued_certificate(by=editor, officer=officer)


def url_of(code: str) -> str:
    return reverse("verify:certificate", kwargs={"code": code})


def test_a_genuine_certificate_shows_the_holder_track_batch_and_issue_date(client, certificate):
    response = client.get(url_of(certificate.verification_code))
    assert response.status_code == 200
    page = response.content.decode()
    placement = certificate.placement
    assert "This certificate is genuine" in page
    for fact in ["Chhy Ratha", 'lang="km">ឈី រតនា', placement.batch.track.name, placement.batch.label]:
        assert fact in page, fact
    assert f'<time datetime="{certificate.issued_on:%Y-%m-%d}">' in page
    assert '<meta name="robots" content="noindex">' in page


def test_nothing_else_of_the_certificate_or_its_holder_is_shown(client, certificate):
    html = client.get(url_of(certificate.verification_code)).content.decode()
    # The page's own content: the footer names the four countries on every page.
    page = html[html.index("<main") : html.index("</main>")]
    placement, officer = certificate.placement, certificate.placement.officer
    hidden = [
        certificate.number,
        officer.email,
        officer.phone,
        officer.slug,
        officer.home_organisation.name,
        "Cambodia",
        placement.division.name,
        placement.supervised_by.full_name,
        f"{placement.start_date:%-d %B %Y}",
        reverse("certificates:download", kwargs={"number": certificate.number}),
    ]
    assert [fact for fact in hidden if fact in page] == []


def test_the_page_reads_one_row(client, certificate, django_assert_num_queries):
    # The certificate with its holder, batch and track; the rest of the request reads nothing.
    with django_assert_num_queries(1):
        assert client.get(url_of(certificate.verification_code)).status_code == 200


@pytest.mark.parametrize("code", ["23456789ABCDEFGH", "NOT-A-CODE", "0" * 16, "A" * 200])
def test_a_wrong_code_says_plainly_that_no_certificate_has_it(client, certificate, code):
    response = client.get(url_of(code), follow=True)
    assert response.status_code == 404
    page = response.content.decode()
    assert "No certificate has this code" in page
    assert "Chhy Ratha" not in page
    assert 'name="code"' in page, "a box to type the code again"


def test_a_revoked_certificate_says_when_and_not_why(client, certificate, editor):
    revoke_certificate(certificate=certificate, reason="Issued to the wrong officer.", by=editor)
    response = client.get(url_of(certificate.verification_code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate was revoked" in page
    assert f"revoked it on {date.today():%-d %B %Y}" in page
    assert "Issued to the wrong officer." not in page


def test_a_code_in_another_case_or_with_spaces_goes_to_its_page(client, certificate):
    code = certificate.verification_code
    response = client.get(url_of(grouped_code(code).lower()))
    assert response.status_code == 302 and response["Location"] == url_of(code)


def test_the_form_sends_a_typed_code_to_its_page(client, certificate):
    assert client.get(reverse("verify:form")).status_code == 200
    typed = " " + grouped_code(certificate.verification_code).lower().replace(" ", "-") + " "
    response = client.get(reverse("verify:form"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == url_of(certificate.verification_code)


@pytest.mark.parametrize("typed", ["", "   ", "too short", "0O1IL" * 4])
def test_the_form_says_what_a_code_looks_like(client, typed):
    response = client.get(reverse("verify:form"), {"code": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def lookups(client: Client, count: int, address: str = "192.0.2.1") -> list[int]:
    return [client.get(url_of("23456789ABCDEFGH"), REMOTE_ADDR=address).status_code for _lookup in range(count)]


def test_lookups_are_limited_per_address_with_a_page_saying_when_to_try_again(client):
    assert set(lookups(client, VERIFY_LOOKUPS)) == {404}
    response = client.get(url_of("23456789ABCDEFGH"), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "Try again in" in response.content.decode()
    assert lookups(client, 1, address="192.0.2.2") == [404], "another address is not held back"


def test_the_limit_reads_the_address_through_the_trusted_proxies_only(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(VERIFY_LOOKUPS):
        # A client naming a new address each time is still counted by the one the proxy saw.
        client.get(
            url_of("23456789ABCDEFGH"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 192.0.2.7"
        )
    response = client.get(url_of("23456789ABCDEFGH"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert response.status_code == 429
    other = client.get(url_of("23456789ABCDEFGH"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert other.status_code == 404


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running here")
def test_the_limit_holds_with_redis_as_the_cache(client, settings, monkeypatch):
    resilient_cache_at(settings, monkeypatch, DEFAULT_REDIS_URL)
    assert set(lookups(client, VERIFY_LOOKUPS)) == {404}
    # The count expires with its window, under a key prefix of this test's own.
    assert lookups(client, 1) == [429]


def test_a_redis_outage_lifts_the_limit_instead_of_failing(client, settings, monkeypatch, certificate):
    resilient_cache_at(settings, monkeypatch, UNREACHABLE_URL)
    assert set(lookups(client, VERIFY_LOOKUPS + 5)) == {404}
    assert client.get(url_of(certificate.verification_code)).status_code == 200


def test_no_cache_keeps_the_page_so_a_revocation_shows_at_once(client, certificate, editor, rf):
    address = url_of(certificate.verification_code)
    first = client.get(address)
    assert "no-store" in first["Cache-Control"]
    assert cache.get(page_key(rf.get(address))) is None
    revoke_certificate(certificate=certificate, reason="Issued by mistake.", by=editor)
    assert "This certificate was revoked" in client.get(address).content.decode()


def test_the_verify_pages_are_not_in_the_sitemap(client, certificate):
    # The sitemap's section of pages that are no record's (public/sitemaps.py), where the form would be;
    # certificates have no section.
    sitemap = client.get("/sitemap-pages.xml")
    assert sitemap.status_code == 200
    assert "/verify/" not in sitemap.content.decode()

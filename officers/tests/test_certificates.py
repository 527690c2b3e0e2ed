"""Issuing and revoking certificates: numbers per year in sequence, one certificate per completed
placement with its PDF stored privately, a clash over a number settled by taking the next, and a
revocation that keeps its reason.

`issued_certificate` and the `quick_pdfs` fixture are shared with the other certificate tests."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from core.private_files import private_storage
from officers.models import Certificate, Placement, PlacementOutcome, ReportKind
from officers.services import certificates as certificate_services
from officers.services.certificates import (
    CertificateError,
    certificate_number,
    issue_certificate,
    next_number,
    revoke_certificate,
)
from officers.services.enrolment import complete_placements
from officers.tests.attachment_factories import AttachmentReportFactory, SupervisedPlacementFactory
from officers.tests.factories import PlacementFactory
from officers.tests.nomination_factories import pdf_bytes

pytestmark = pytest.mark.django_db

SITE = "https://attachment.example.org/"


@pytest.fixture
def quick_pdfs(monkeypatch):
    """A blank one-page PDF instead of the drawn certificate, for tests about anything but the drawing."""
    monkeypatch.setattr(certificate_services, "render_certificate_pdf", lambda certificate, verify_url: pdf_bytes())


def issued_certificate(*, by, officer=None) -> Certificate:
    """A placement completed the usual way (final report signed off), and the certificate that issued."""
    placement = SupervisedPlacementFactory(**({"officer": officer} if officer else {}))
    AttachmentReportFactory(placement=placement, kind=ReportKind.FINAL, signed_off=True)
    complete_placements(placements=[placement], by=by, site_url=SITE)
    return Certificate.objects.get(placement=placement)


def stored_pdfs() -> set[str]:
    """The names of the certificate PDFs in the private storage (which earlier tests may share)."""
    folder = "certificates"
    return (
        {f"{folder}/{name}" for name in private_storage.listdir(folder)[1]}
        if private_storage.exists(folder)
        else set()
    )


def test_numbers_run_in_sequence_within_the_year_of_issue(editor, quick_pdfs):
    first, second = issued_certificate(by=editor), issued_certificate(by=editor)
    year = date.today().year
    assert (first.number, second.number) == (f"AAP-{year}-0001", f"AAP-{year}-0002")
    assert first.issued_on == second.issued_on == date.today()


def test_each_year_starts_again_from_one_and_ten_thousand_follows_nine_thousand_nine_hundred_and_ninety_nine():
    for number in ["AAP-2025-0007", "AAP-2026-9999", "AAP-2026-10000"]:
        Certificate.objects.create(placement=PlacementFactory(), number=number, issued_on=date(2026, 1, 5))
    assert next_number(2025) == "AAP-2025-0008"
    assert next_number(2026) == "AAP-2026-10001"
    assert next_number(2027) == "AAP-2027-0001"


def test_a_certificate_gets_a_code_its_pdf_and_its_author(editor, quick_pdfs):
    certificate = issued_certificate(by=editor)
    assert len(certificate.verification_code) == 16
    assert certificate.issued_by == editor
    assert certificate.pdf.name.startswith("certificates/") and certificate.pdf.name.endswith(".pdf")
    with certificate.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    entry = certificate.history.get()
    assert (entry.history_user, entry.history_change_reason) == (editor, "Issued on completion of the placement")


def test_a_number_taken_meanwhile_is_skipped_and_its_pdf_not_left_behind(editor, quick_pdfs, monkeypatch):
    taken = Certificate.objects.create(
        placement=PlacementFactory(), number=certificate_number(date.today().year, 1), issued_on=date.today()
    )
    numbers = iter([taken.number])
    real_next_number = certificate_services.next_number
    # The first number offered is one another transaction took after it was read.
    monkeypatch.setattr(
        certificate_services, "next_number", lambda year: next(numbers, None) or real_next_number(year)
    )
    before = stored_pdfs()
    certificate = issue_certificate(placement=PlacementFactory(), by=editor, site_url=SITE)
    assert certificate.number == certificate_number(date.today().year, 2)
    assert stored_pdfs() - before == {certificate.pdf.name}


def test_only_a_completed_placement_gets_a_certificate_and_only_one(editor, quick_pdfs):
    before = stored_pdfs()
    active = PlacementFactory(outcome=PlacementOutcome.ACTIVE)
    with pytest.raises(CertificateError, match="is not completed"):
        issue_certificate(placement=active, by=editor, site_url=SITE)
    completed = PlacementFactory()
    issue_certificate(placement=completed, by=editor, site_url=SITE)
    with pytest.raises(CertificateError, match="already has a certificate"):
        issue_certificate(placement=completed, by=editor, site_url=SITE)
    assert Certificate.objects.count() == 1
    assert len(stored_pdfs() - before) == 1


def test_revoking_keeps_the_day_and_the_reason_and_happens_once(editor, quick_pdfs):
    certificate = issued_certificate(by=editor)
    with pytest.raises(CertificateError, match="Give the reason"):
        revoke_certificate(certificate=certificate, reason="  ", by=editor)
    assert revoke_certificate(certificate=certificate, reason="Issued to the wrong officer.", by=editor)
    certificate.refresh_from_db()
    assert certificate.revoked_on == date.today()
    assert certificate.revocation_reason == "Issued to the wrong officer."
    entry = certificate.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (editor, "Revoked: Issued to the wrong officer.")
    assert not revoke_certificate(certificate=certificate, reason="Again.", by=editor)
    assert Certificate.objects.get(pk=certificate.pk).revocation_reason == "Issued to the wrong officer."


def test_a_long_reason_is_kept_whole_on_the_certificate_and_cut_in_the_historys_note(editor, quick_pdfs):
    certificate = issued_certificate(by=editor)
    reason = "The officer's name was misspelt on the certificate and in the record. " * 12
    revoke_certificate(certificate=certificate, reason=reason, by=editor)
    entry = certificate.history.latest()
    assert entry.revocation_reason == reason.strip()
    assert len(entry.history_change_reason) == 100 and entry.history_change_reason.endswith("…")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one transaction write at a time")
def test_editors_completing_at_the_same_moment_get_different_numbers(editor, quick_pdfs):
    """Four transactions read the same highest number and race for the next: each ends with its own."""
    placements = []
    for _officer in range(4):
        placement = SupervisedPlacementFactory()
        AttachmentReportFactory(placement=placement, kind=ReportKind.FINAL, signed_off=True)
        placements.append(placement)
    start, errors, before = threading.Barrier(len(placements)), [], stored_pdfs()

    def complete(placement: Placement) -> None:
        try:
            start.wait()
            complete_placements(placements=[placement], by=editor, site_url=SITE)
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=complete, args=(placement,)) for placement in placements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = date.today().year
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        certificate_number(year, sequence) for sequence in range(1, 5)
    ]
    assert len(stored_pdfs() - before) == 4

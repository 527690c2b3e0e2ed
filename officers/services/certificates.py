"""Issuing and revoking certificates of completion.

A certificate is issued when its placement is completed, in the same transaction
(`officers.services.enrolment.complete_placements`), and its PDF is drawn and stored before that
transaction commits: the row is written once, already pointing at its PDF. So a certificate exists
with its PDF or not at all. A drawing that fails (a font missing, say) raises, and the completion is
rolled back and reported to the editor, rather than leaving a certificate whose PDF never comes.
The price is the time of the drawing inside the transaction: about half a second a certificate, and a
few seconds for the first one a process draws (WeasyPrint loads the fonts).

Numbers run per year of issue, "AAP-2026-0001", "AAP-2026-0002", ... The next number is one after
the highest issued; two editors completing placements at the same moment may both reach for the same
one, and the unique column lets only one have it: the other takes the following number and tries again.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.private_files import private_storage
from officers.certificate_pdf import render_certificate_pdf
from officers.models import Certificate, Placement, PlacementOutcome

NUMBER_PREFIX = "AAP"
# Each clash means another transaction issued a certificate meanwhile; five in a row would mean
# something else is wrong.
NUMBER_ATTEMPTS = 5
# django-simple-history keeps a change's reason in a column of 100 characters.
HISTORY_REASON_LENGTH = 100


class CertificateError(Exception):
    """The certificate cannot be issued or revoked as things stand; the message says why."""


def certificate_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"


def next_number(year: int) -> str:
    """One after the year's highest number (the longest first, so that 10000 follows 9999)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    return certificate_number(year, int(last.removeprefix(prefix)) + 1 if last else 1)


def history_reason(text: str) -> str:
    """`text` as the history can keep it: cut, with an ellipsis, past HISTORY_REASON_LENGTH. Callers keep
    the whole of a longer reason in a field of the record, which the history keeps with every version."""
    return text if len(text) <= HISTORY_REASON_LENGTH else text[: HISTORY_REASON_LENGTH - 1] + "…"


def verify_url(site_url: str, code: str) -> str:
    """The public page that tells whether the certificate with this code is genuine."""
    return site_url.rstrip("/") + reverse("verify:certificate", kwargs={"code": code})


@transaction.atomic
def issue_certificate(*, placement: Placement, by: AbstractBaseUser, site_url: str) -> Certificate:
    """The certificate of a completed placement, numbered, with its PDF stored privately.

    `placement` needs its officer, batch, track and division (they are drawn on the PDF); `site_url`
    is the portal's address, printed on the PDF with the verification code."""
    if placement.outcome != PlacementOutcome.COMPLETED:
        raise CertificateError(
            _("%(placement)s is not completed: only a completed placement gets a certificate.")
            % {"placement": placement}
        )
    if Certificate.objects.filter(placement=placement).exists():
        raise CertificateError(_("%(placement)s already has a certificate.") % {"placement": placement})
    issued_on = timezone.localdate()
    for _attempt in range(NUMBER_ATTEMPTS):
        certificate = Certificate(
            placement=placement, number=next_number(issued_on.year), issued_on=issued_on, issued_by_id=by.pk
        )
        # Uniqueness is left to the database, which alone can settle a race for a number.
        certificate.full_clean(validate_unique=False)
        _draw_pdf(certificate, site_url=site_url)
        try:
            with transaction.atomic():
                save_with_history(certificate, by=by, reason=_("Issued on completion of the placement"))
        except BaseException as error:
            private_storage.delete(certificate.pdf.name)
            if isinstance(error, IntegrityError) and Certificate.objects.filter(number=certificate.number).exists():
                continue
            raise
        return certificate
    raise CertificateError(
        _("No free certificate number was found after %(count)d tries.") % {"count": NUMBER_ATTEMPTS}
    )


def _draw_pdf(certificate: Certificate, *, site_url: str) -> None:
    content = render_certificate_pdf(certificate, verify_url=verify_url(site_url, certificate.verification_code))
    # Stored now and saved with the row by the caller (save=False), so the row is written once.
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)


@contextmanager
def pdfs_removed_on_failure() -> Iterator[list[Certificate]]:
    """Certificates added to the list have their PDF deleted from storage if the block raises: the
    transaction that would have recorded them is being rolled back, and no row would point at the files."""
    issued: list[Certificate] = []
    try:
        yield issued
    except BaseException:
        for certificate in issued:
            private_storage.delete(certificate.pdf.name)
        raise


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, by: AbstractBaseUser) -> bool:
    """Record that the certificate is revoked, today, and why (`revocation_reason`, and the history's
    note of the change). The verify page says so from then on. Returns False, changing nothing, for a
    certificate already revoked."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        return False
    locked.revoked_on = timezone.localdate()
    locked.revocation_reason = reason
    save_with_history(locked, by=by, reason=history_reason(_("Revoked: %(reason)s") % {"reason": reason}))
    return True

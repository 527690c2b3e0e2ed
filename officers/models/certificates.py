"""Certificates of completion: issued once a placement is completed, verifiable by anyone who has the code."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.private_files import private_file_storage
from core.versioning import VersionedModel
from officers.models.placements import Placement

# Codes are read aloud and typed from paper: no 0/O or 1/I/L to confuse. 16 characters of a 31-letter
# alphabet are some 79 bits: not guessable, and the verify page is rate-limited besides.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def certificate_path(instance: "Certificate", filename: str) -> str:
    return f"certificates/{secrets.token_hex(16)}.pdf"


class Certificate(VersionedModel):
    """The certificate of one completed placement: its number, issue date, verification code and PDF."""

    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"), editable=False)
    verification_code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, default=new_verification_code, editable=False
    )
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_path, storage=private_file_storage, blank=True, editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, editable=False
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("certificate")

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None

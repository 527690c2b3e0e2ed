"""Certificates: an officer's own at /my/certificate/, and the public check at /verify/.

/my/certificate/ is an officer's page like the others under /my/: it serves the certificates of the
officer linked to the signed-in login (`officer_for(request.user)`), and a PDF is looked up by its
number among that officer's certificates alone, so another officer's number is a 404 exactly like
one that does not exist. The PDFs are private files, handed out by `private_file_response`; these
pages are never cached by a browser or proxy, and the public page cache never stores them (they are
not declared shareable, and only anonymous visitors' pages are ever stored).

/verify/<code>/ is public and tells whether a certificate is genuine: the holder's name, the track,
the batch and the issue date, nothing else (`VerifiedCertificate`), or that it was revoked and when.
A code no certificate has is a 404 with the same page saying so. The page is never stored by any
cache, so a revocation shows at once; each client address may look up `VERIFY_LOOKUPS` codes per
`VERIFY_WINDOW_SECONDS` (see `count_lookup`).
"""

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.private_files import private_file_response
from officers.certificate_pdf import OWN_SCRIPT_LANGUAGE, grouped_code
from officers.models import Certificate, Officer
from officers.models.certificates import CODE_ALPHABET, CODE_LENGTH
from officers.views.my import officer_for

VERIFY_LOOKUPS = 30
VERIFY_WINDOW_SECONDS = 10 * 60
CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
# The client's address as the sign-in throttling reads it: from X-Forwarded-For only through the
# proxies the portal runs (AXES_PROXY_COUNT), so a client cannot name an address of its choosing.
client_address = import_string(settings.AXES_CLIENT_IP_CALLABLE)


def own_certificates(officer: Officer) -> QuerySet:
    """The officer's certificates, with what the page shows of each placement."""
    return Certificate.objects.filter(placement__officer=officer).select_related(
        "placement__batch__track", "placement__division"
    )


@never_cache
@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """A signed-in officer: their certificates, one per completed placement, each with its PDF. Any
    other login gets a page saying there is none to show."""
    officer = officer_for(request.user)
    certificates = list(own_certificates(officer).order_by("-issued_on", "-number")) if officer else []
    return render(request, "certificates/mine.html", {"officer": officer, "certificates": certificates})


@never_cache
@login_required
@require_safe
def download(request: HttpRequest, number: str) -> HttpResponse:
    """The PDF of one of the signed-in officer's certificates that stands (a revoked one is not handed out)."""
    officer = officer_for(request.user)
    if officer is None:
        raise Http404
    certificate = get_object_or_404(own_certificates(officer), number=number, revoked_on__isnull=True)
    if not certificate.pdf:
        raise Http404
    return private_file_response(certificate.pdf, download_name=f"certificate-{certificate.number}.pdf")


def normalise_code(text: str) -> str:
    """A code as typed or copied: in any case, with spaces or hyphens between its groups."""
    return re.sub(r"[\s-]+", "", text).upper()


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 16 letters and digits printed on the certificate. Spaces and capitals do not matter."),
        max_length=64,
        # Codes are not words: no suggestions, no corrections, no memory of codes others typed here.
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not CODE_PATTERN.fullmatch(code):
            raise ValidationError(
                _("This is not a verification code: it has 16 letters and digits. Check it on the certificate.")
            )
        return code


@require_safe
def verify_form(request: HttpRequest) -> HttpResponse:
    """A box to type a code in; sends the visitor to that code's page."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("verify:certificate", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


@dataclass(frozen=True)
class VerifiedCertificate:
    """All that the public may learn of a certificate from its code."""

    holder: str
    holder_in_own_script: str
    own_script_language: str
    track: str
    batch: str
    issued_on: date
    revoked_on: date | None


def verified_certificate(code: str) -> VerifiedCertificate | None:
    certificate = (
        Certificate.objects.select_related("placement__officer", "placement__batch__track")
        .only(
            "issued_on",
            "revoked_on",
            "placement__officer__full_name",
            "placement__officer__name_in_own_script",
            "placement__officer__country",
            "placement__batch__number",
            "placement__batch__start_date",
            "placement__batch__start_precision",
            "placement__batch__end_date",
            "placement__batch__end_precision",
            "placement__batch__recorded_status",
            "placement__batch__track__name",
        )
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        return None
    officer, batch = certificate.placement.officer, certificate.placement.batch
    return VerifiedCertificate(
        holder=officer.full_name,
        holder_in_own_script=officer.name_in_own_script,
        own_script_language=OWN_SCRIPT_LANGUAGE.get(officer.country, ""),
        track=batch.track.name,
        batch=batch.label,
        issued_on=certificate.issued_on,
        revoked_on=certificate.revoked_on,
    )


def count_lookup(request: HttpRequest) -> tuple[bool, int]:
    """Count a lookup against the client's address. Returns whether it is within the limit, and the
    seconds until the count starts again.

    The count lives in the shared cache, per address and per window of VERIFY_WINDOW_SECONDS. While
    the cache cannot be reached (`ResilientRedisCache` then answers as an empty cache) nothing is
    counted and every lookup is answered: the limit only slows guessing down, and the codes'
    79 bits stop it anyway, so an outage of Redis should not stop anyone checking a certificate."""
    now = time.time()
    window = int(now // VERIFY_WINDOW_SECONDS)
    retry_after = (window + 1) * VERIFY_WINDOW_SECONDS - int(now)
    address = hashlib.sha256((client_address(request) or "").encode()).hexdigest()[:32]
    key = f"verify-lookups:{address}:{window}"
    cache.add(key, 0, timeout=retry_after)
    try:
        count = cache.incr(key)
    except ValueError:
        # The count went between the two calls (evicted): this lookup starts it again.
        return True, retry_after
    return count <= VERIFY_LOOKUPS, retry_after


@never_cache
@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Whether the certificate with this code is genuine; 404 when no certificate has it."""
    normal = normalise_code(code)
    if normal != code:
        return redirect("verify:certificate", code=normal) if normal else redirect("verify:form")
    allowed, retry_after = count_lookup(request)
    if not allowed:
        response = render(
            request, "certificates/verify_throttled.html", {"minutes": -(-retry_after // 60)}, status=429
        )
        response["Retry-After"] = str(retry_after)
        return response
    well_formed = bool(CODE_PATTERN.fullmatch(code))
    found = verified_certificate(code) if well_formed else None
    context = {"found": found, "code": grouped_code(code) if well_formed else "", "form": VerifyForm()}
    return render(request, "certificates/verify.html", context, status=200 if found else 404)

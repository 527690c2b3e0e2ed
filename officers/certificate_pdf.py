"""A certificate drawn as a PDF: A4 landscape, from `certificates/certificate_pdf.html` and its stylesheet.

WeasyPrint lays the page out with Pango and HarfBuzz, which shape Khmer, Lao and Myanmar script (stacked
consonants, vowels written before the consonant they follow) as a reader expects; the fonts are
Debian's Noto files (`fonts-noto-core`), named by their paths in the stylesheet. Nothing is fetched
but those files: any other address, or a font file that is missing, stops the rendering with an
error, rather than giving a certificate whose name shows as empty boxes.
"""

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from officers.models import Certificate

# Where Debian's fonts-noto-core puts them.
FONT_DIRECTORY = Path("/usr/share/fonts/truetype/noto")
FONT_FILES = {
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "Noto Serif": ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"),
    "Noto Sans Khmer": ("NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),
    "Noto Sans Lao": ("NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"),
    "Noto Sans Myanmar": ("NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"),
}
# WeasyPrint logs each of its seven steps at INFO: ten lines a certificate that tell an operator nothing.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The language of each country's own script, so that the name is shaped and read as that language.
OWN_SCRIPT_LANGUAGE = {"KH": "km", "LA": "lo", "MM": "my", "VN": "vi"}


class CertificateRenderError(Exception):
    """The certificate could not be drawn (a font missing, say): nothing may be issued without its PDF."""


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    url: str


def font_faces() -> list[FontFace]:
    """The @font-face rules of the stylesheet; refuses to go on when a font file is missing."""
    faces = []
    for family, files in FONT_FILES.items():
        for weight, name in zip((400, 700), files, strict=True):
            path = FONT_DIRECTORY / name
            if not path.is_file():
                raise CertificateRenderError(
                    _("The font %(path)s is missing: install Debian's fonts-noto-core (make install does).")
                    % {"path": path}
                )
            faces.append(FontFace(family=family, weight=weight, url=path.as_uri()))
    return faces


def render_certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate's PDF. `certificate` needs its placement's officer, batch, track and division."""
    # Imported here, not at the top: WeasyPrint loads Pango when imported, and a machine without it
    # should fail to draw certificates, not fail to serve every page.
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class FontsOnly(URLFetcher):
        """Reads the font files and nothing else; with `fail_on_errors`, any refusal stops the rendering."""

        def fetch(self, url, headers=None):
            if not url.startswith(FONT_DIRECTORY.as_uri() + "/"):
                raise ValueError(f"A certificate reads no resource but its fonts, not {url}")
            return super().fetch(url, headers)

    fetcher = FontsOnly(allowed_protocols={"file"}, fail_on_errors=True)
    # Always in the portal's own language: a certificate is the same document whoever issues it.
    with translation.override(settings.LANGUAGE_CODE):
        context = certificate_context(certificate, verify_url=verify_url)
        html = render_to_string("certificates/certificate_pdf.html", context)
        css = render_to_string("certificates/certificate_pdf.css", {"font_faces": font_faces()})
    try:
        return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
    # A refused or missing file stops WeasyPrint with FatalURLFetchingError, which is not an Exception.
    except (Exception, FatalURLFetchingError) as error:
        raise CertificateRenderError(
            _("Certificate %(number)s could not be drawn: %(error)s") % {"number": certificate.number, "error": error}
        ) from error


def certificate_context(certificate: Certificate, *, verify_url: str) -> dict:
    placement = certificate.placement
    officer, batch = placement.officer, placement.batch
    return {
        "certificate": certificate,
        "officer": officer,
        "own_script_language": OWN_SCRIPT_LANGUAGE.get(officer.country, ""),
        "track": batch.track.name,
        "batch": batch.label,
        "division": placement.division.name if placement.division else "",
        "starts": _day(placement.start_date) or batch.start_display,
        "ends": _day(placement.end_date) or batch.end_display,
        "issued_on": _day(certificate.issued_on),
        "grouped_code": grouped_code(certificate.verification_code),
        "verify_url": verify_url,
    }


def grouped_code(code: str) -> str:
    """'ABCD EFGH JKMN PQRS': easier to read from paper and to type; the verify form ignores the spaces."""
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


def _day(day: date | None) -> str:
    return date_format(day, "j F Y") if day else ""

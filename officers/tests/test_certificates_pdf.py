"""The certificate as drawn: a real one-page A4 landscape PDF carrying the officer's name in Latin and
in their own script (Khmer, Lao, Myanmar in Debian's Noto fonts), the track, batch, dates, division,
number, issue date and the verification address and code; nothing fetched but the font files.

When pdftoppm is installed, a Khmer and a Myanmar sample are also written to
screenshots/certificate-<country>.png, for a person to look at."""

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers import certificate_pdf
from officers.certificate_pdf import CertificateRenderError, grouped_code, render_certificate_pdf
from officers.models import Certificate
from officers.tests.factories import OfficerFactory, PlacementFactory
from officers.tests.test_certificates import issued_certificate

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
VERIFY_URL = "https://attachment.example.org/verify/{code}/"
# Names whose every character comes back from the PDF's text layer as written.
NAMES = {
    "KH": ("Chhy Ratha", "ឈី រតនា", "Noto-Sans-Khmer"),
    "MM": ("Myint Myint Khine", "မြင့်မြင့်ခိုင်", "Noto-Sans-Myanmar"),
    "LA": ("Somphone Keomany", "ສົມພອນ ແກ້ວມະນີ", "Noto-Sans-Lao"),
}


def certificate_of(country: str) -> Certificate:
    name, own_name, _font = NAMES[country]
    track = ProgrammeTrackFactory(name="Attachment Programme for AEC and ASCC Involvement")
    placement = PlacementFactory(
        officer=OfficerFactory(full_name=name, name_in_own_script=own_name, country=country),
        batch=BatchFactory(track=track, number=4, start_date=date(2025, 3, 1), end_date=date(2026, 2, 1)),
        division=DivisionFactory(name="Trade Facilitation Division"),
        start_date=date(2025, 3, 3),
        end_date=date(2026, 2, 27),
    )
    return Certificate(placement=placement, number="AAP-2026-0007", issued_on=date(2026, 3, 9))


def drawn(certificate: Certificate) -> bytes:
    return render_certificate_pdf(certificate, verify_url=VERIFY_URL.format(code=certificate.verification_code))


def fonts_of(reader: PdfReader) -> set[str]:
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}


@pytest.mark.parametrize("country", sorted(NAMES))
def test_the_pdf_carries_the_name_in_both_scripts_and_the_facts(country):
    certificate = certificate_of(country)
    pdf = drawn(certificate)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (842, 595), "A4 landscape"
    text = " ".join(reader.pages[0].extract_text().split())
    name, own_name, font = NAMES[country]
    for fact in [
        name,
        own_name,
        "Attachment Programme for AEC and ASCC Involvement, 4th Batch, 2025-2026",
        "Trade Facilitation Division",
        "3 March 2025 to 27 February 2026",
        "AAP-2026-0007",
        "9 March 2026",
        VERIFY_URL.format(code=certificate.verification_code),
        grouped_code(certificate.verification_code),
    ]:
        assert fact in text, fact
    assert {"Noto-Sans", "Noto-Sans-Bold", font} <= fonts_of(reader)


def test_a_batch_without_placement_dates_gives_the_batchs_own():
    certificate = certificate_of("KH")
    placement = certificate.placement
    placement.start_date = placement.end_date = None
    placement.batch.end_precision = "month"
    text = PdfReader(io.BytesIO(drawn(certificate))).pages[0].extract_text()
    assert "1 March 2025 to February 2026" in " ".join(text.split())


def test_a_missing_font_stops_the_drawing(monkeypatch, tmp_path):
    monkeypatch.setattr(certificate_pdf, "FONT_DIRECTORY", tmp_path)
    with pytest.raises(CertificateRenderError, match="install Debian's fonts-noto-core"):
        drawn(certificate_of("MM"))


def test_nothing_but_the_fonts_is_ever_read(monkeypatch):
    real_render = certificate_pdf.render_to_string

    def with_an_image(template, context):
        page = real_render(template, context)
        return page.replace("</main>", '<img src="file:///etc/hostname" alt=""></main>')

    monkeypatch.setattr(certificate_pdf, "render_to_string", with_an_image)
    with pytest.raises(CertificateRenderError, match="file:///etc/hostname"):
        drawn(certificate_of("KH"))


def test_the_stored_pdf_is_the_drawn_certificate(editor):
    officer = OfficerFactory(full_name="Chhy Ratha", name_in_own_script="ឈី រតនា", country="KH")
    certificate = issued_certificate(by=editor, officer=officer)
    with certificate.pdf.open("rb") as stored:
        text = PdfReader(stored).pages[0].extract_text()
    assert "ឈី រតនា" in text and certificate.number in text
    assert f"https://attachment.example.org/verify/{certificate.verification_code}/" in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm is not installed (make install-dev installs it)")
@pytest.mark.parametrize("country", ["KH", "MM"])
def test_a_sample_renders_to_a_landscape_png_to_look_at(country, tmp_path):
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(drawn(certificate_of(country)))
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"certificate-{country.lower()}"
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(pdf), str(target)], check=True)
    png = target.with_suffix(".png").read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert png.startswith(b"\x89PNG") and width > height

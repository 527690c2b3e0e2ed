"""The Khmer, Lao and Burmese pages' own fonts: committed as deploy/build_fonts.py makes them, covering their
script, and loaded only by pages in their language."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from fontTools.subset import parse_unicodes
from fontTools.ttLib import TTFont

from core.tests.catalogues import use_catalogues
from deploy.build_fonts import OUTPUT, SCRIPTS, SHARED_CODEPOINTS, WEIGHTS, build

CSS = Path(settings.BASE_DIR) / "static" / "css"
STYLESHEET_OF = {"km": "lang-km.css", "lo": "lang-lo.css", "my": "lang-my.css"}
SCRIPT_OF = {"km": SCRIPTS[0], "lo": SCRIPTS[1], "my": SCRIPTS[2]}
# Real words of each script, with subscript consonants, medials, stacked vowels and tone marks.
SAMPLES = {
    "km": "កម្មវិធីភ្ជាប់មន្ត្រីអាស៊ាន ១២៣",
    "lo": "ໂຄງການຝຶກງານຂອງເຈົ້າໜ້າທີ່ອາຊຽນ ໑໒໓",
    "my": "အာဆီယံ အတွင်းရေးမှူးရုံး၌ ပညာသင်ကြားခြင်း ၁၂၃",
}
debians_noto_missing = not all(script.source(weight).exists() for script in SCRIPTS for weight in WEIGHTS)


@pytest.mark.skipif(debians_noto_missing, reason="Debian's fonts-noto-core is not installed")
def test_committed_fonts_are_what_the_build_script_makes_from_debians_noto(tmp_path):
    built = build(tmp_path)

    assert sorted(path.name for path in built) == sorted(path.name for path in OUTPUT.iterdir())
    for path in built:
        assert (OUTPUT / path.name).read_bytes() == path.read_bytes(), f"{path.name}: run deploy/build_fonts.py"


@pytest.mark.parametrize("language", SAMPLES)
@pytest.mark.parametrize("weight", WEIGHTS)
def test_each_font_has_a_glyph_for_every_character_of_its_script(language, weight):
    font = TTFont(SCRIPT_OF[language].target(weight, OUTPUT))
    mapped = font.getBestCmap()

    assert [character for character in SAMPLES[language] if ord(character) not in mapped] == []
    assert font.flavor == "woff2"
    assert "GSUB" in font and "GPOS" in font  # the stacking and reordering of the script


def font_faces(stylesheet: str) -> list[str]:
    return re.findall(r"@font-face\s*{([^}]*)}", (CSS / stylesheet).read_text())


@pytest.mark.parametrize("language", STYLESHEET_OF)
def test_stylesheet_serves_each_weight_from_the_portal_itself_without_blocking_text(language):
    faces = font_faces(STYLESHEET_OF[language])

    served = set()
    for face in faces:
        assert "font-display: swap;" in face
        (address,) = re.findall(r'url\("([^"]+)"\)', face)
        assert not address.startswith(("/", "http")), "relative, so WhiteNoise's manifest rewrites it"
        served.add((CSS / address).resolve())
    assert served == {SCRIPT_OF[language].target(weight, OUTPUT) for weight in WEIGHTS}


@pytest.mark.parametrize("language", STYLESHEET_OF)
def test_stylesheet_uses_each_font_for_exactly_what_its_subset_holds(language):
    script = SCRIPT_OF[language]

    for face in font_faces(STYLESHEET_OF[language]):
        (ranges,) = re.findall(r"unicode-range:\s*([^;]+);", face)
        assert set(parse_unicodes(ranges)) == set(parse_unicodes(f"{script.blocks},{SHARED_CODEPOINTS}"))


def custom_property(css: str, name: str) -> str:
    (value,) = re.findall(rf"{name}:\s*([^;]+);", css)
    return value


@pytest.mark.parametrize("language", STYLESHEET_OF)
def test_stylesheet_puts_the_scripts_noto_before_the_portals_own_font_stacks(language):
    portal = (CSS / "portal.css").read_text()
    own = (CSS / STYLESHEET_OF[language]).read_text()
    family = re.search(r'font-family:\s*("[^"]+")', own).group(1)

    for stack in ("--sans", "--serif"):
        assert custom_property(own, stack) == f"{family}, {custom_property(portal, stack)}"


@pytest.fixture
def languages_without_translations(settings, tmp_path):
    """Each language served from an empty catalogue: which stylesheet a page links depends on its language alone."""
    use_catalogues(settings, tmp_path, {language: {} for language in ("km", "lo", "my", "vi")})


def stylesheets_linked(client, language: str) -> list[str]:
    with translation.override(language):
        response = client.get(reverse("public:track-list"))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    return re.findall(r'<link rel="stylesheet" href="[^"]*/css/([^"/]+\.css)"', response.content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("languages_without_translations")
@pytest.mark.parametrize("language", STYLESHEET_OF)
def test_a_page_in_khmer_lao_or_burmese_loads_its_own_script_stylesheet_and_no_other(client, language):
    assert stylesheets_linked(client, language) == ["portal.css", "language-names.css", STYLESHEET_OF[language]]


@pytest.mark.django_db
@pytest.mark.usefixtures("languages_without_translations")
@pytest.mark.parametrize("language", ["en-gb", "vi"])
def test_english_and_vietnamese_pages_load_no_script_font(client, language):
    # Only the language switch's names in their scripts (core/tests/test_language_name_fonts.py).
    assert stylesheets_linked(client, language) == ["portal.css", "language-names.css"]

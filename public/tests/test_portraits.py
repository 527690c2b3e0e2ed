"""Portraits on the public pages, and the initials drawn in their place when there is none."""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from officers.models import Officer
from officers.tests.factories import OfficerFactory, PlacementFactory
from public.portraits import TONES, initials, tone
from public.tests.test_html import check

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chhy Ratha", "CR"),
        ("Htet Htet Htoo", "HH"),
        ("Ekkaphab Phanthavong", "EP"),
        # Vietnamese: the tone marks stay on their vowels, and the first and last words are taken
        ("Hoàng Quốc Trung", "HT"),
        ("đặng thị ánh", "ĐÁ"),
        # the same name typed with combining marks (NFD) gives the same, composed letters
        (unicodedata.normalize("NFD", "Ánh Nguyễn"), "ÁN"),
        # Khmer: a vowel sign stays on its consonant (ឈ + ី), a subscript consonant under its own (ស + ្រ)
        ("ឈី រតនា", "ឈីរ"),
        ("ស្រី ពៅ", "ស្រីពៅ"),
        # Lao: a vowel written before its consonant comes with it; a vowel sign above stays on it
        ("ເອກພາບ ພັນທະວົງ", "ເອພັ"),
        # Myanmar: a medial, a vowel sign and a tone mark stay on their consonant
        ("ထက် ထက် ထူး", "ထထူး"),
        ("မြင့် ဦး", "မြဦး"),
        ("Suharto", "S"),
        ("Chhy Ratha (2)", "CR"),
        ("  ", ""),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_words_in_any_script(name, expected):
    assert initials(name) == expected


def test_no_initial_ends_in_a_sign_that_would_render_alone():
    for name in ("ស្រី ពៅ", "ឈី រតនា", "ເອກພາບ ພັນທະວົງ", "Hoàng Quốc Trung"):
        assert not unicodedata.category(initials(name)[0]).startswith("M")
        assert initials(name)[-1] not in ("\u17d2", "\u1039")


def test_a_name_has_the_same_colours_everywhere_and_the_colours_vary_between_names():
    assert tone("Chhy Ratha") == tone("Chhy Ratha")
    assert {tone(f"Officer Name {n}") for n in range(40)} == set(range(TONES))


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_placeholder_colour_pair_is_in_the_stylesheet_with_aa_contrast():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    root = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", root))

    def fill(selector: str) -> str:
        value = re.search(re.escape(selector) + r"\s*\{\s*fill:\s*([^;]+);", css).group(1).strip()
        return variables.get(value.removeprefix("var(").removesuffix(")"), value)

    for n in range(TONES):
        disc = relative_luminance(fill(f".initials--tone-{n} .initials__disc"))
        text = relative_luminance(fill(f".initials--tone-{n} .initials__text"))
        lighter, darker = max(disc, text), min(disc, text)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, f"tone {n}"


def graduate(**fields) -> Officer:
    officer = OfficerFactory(**fields)
    PlacementFactory(officer=officer)
    return officer


def give_portrait(officer: Officer) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "grey").save(buffer, "JPEG")
    Officer.objects.filter(pk=officer.pk).update(
        portrait=default_storage.save("portraits/p.jpg", ContentFile(buffer.getvalue())),
        portrait_alt="The officer in a blue jacket",
    )


def svg_of(content: str, css_class: str) -> str:
    return re.search(rf'<svg class="initials {css_class}.*?</svg>', content, re.S).group()


def test_a_profile_without_a_portrait_shows_named_initials_drawn_on_the_server(client):
    officer = graduate(full_name="Chhy Ratha", honorific="Ms.")
    content = client.get(officer.get_absolute_url()).content.decode()
    svg = svg_of(content, "initials--profile")
    assert 'role="img" aria-label="Initials of Chhy Ratha, who has no portrait here"' in svg
    assert f"initials--tone-{tone('Chhy Ratha')}" in svg
    assert ">CR</text>" in svg
    assert "fill=" not in svg
    assert check(content).problems == []


def test_initials_in_khmer_script_on_a_profile(client):
    officer = graduate(full_name="ឈី រតនា", slug="chhy-ratha-km", country="KH")
    content = client.get(officer.get_absolute_url()).content.decode()
    assert ">ឈីរ</text>" in svg_of(content, "initials--profile")


def test_a_profile_with_a_portrait_shows_it_with_its_description_and_no_initials(client):
    officer = graduate()
    give_portrait(officer)
    content = client.get(officer.get_absolute_url()).content.decode()
    assert re.search(r'<img src="/media/portraits/p[^"]*\.jpg" width="300" height="400" alt="The officer in', content)
    assert 'class="initials' not in content


def test_cards_hide_the_initials_from_screen_readers_beside_the_name_and_show_portraits(client):
    graduate(full_name="Hoàng Quốc Trung")
    with_portrait = graduate(full_name="Pictured Graduate")
    give_portrait(with_portrait)
    content = client.get("/graduates/").content.decode()
    svg = svg_of(content, "initials--card")
    assert 'aria-hidden="true"' in svg and "role=" not in svg
    assert ">HT</text>" in svg
    # The photo beside the name adds nothing a screen reader needs: an empty alternative.
    assert re.search(r'<img class="portrait-thumb" src="/media/portraits/p[^"]*\.jpg" [^>]*alt=""', content)
    assert check(content).problems == []


def test_a_portrait_whose_file_is_missing_falls_back_to_initials(client):
    officer = graduate(full_name="Lost Picture")
    Officer.objects.filter(pk=officer.pk).update(portrait="portraits/gone.jpg", portrait_alt="Gone")
    content = client.get(officer.get_absolute_url()).content.decode()
    assert "portraits/gone.jpg" not in content
    assert ">LP</text>" in svg_of(content, "initials--profile")

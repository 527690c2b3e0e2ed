"""The language switch's Khmer, Lao and Burmese names, readable on every page: each drawn from a tiny font holding
only its glyphs (deploy/build_fonts.py), which static/css/language-names.css offers to the switch alone."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from fontTools.subset import parse_unicodes
from fontTools.ttLib import TTFont

from deploy.build_fonts import OUTPUT, SCRIPTS, WEIGHTS

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "language-names.css"
FAMILY = '"Portal language names"'


class SwitchNames(HTMLParser):
    """The name each link of the language switch shows, by its language."""

    def __init__(self):
        super().__init__()
        self.names: dict[str, str] = {}
        self._in_switch = False
        self._language: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "nav" and attributes.get("class") == "language-switch":
            self._in_switch = True
        elif tag == "a" and self._in_switch:
            self._language = attributes["lang"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switch = False
        elif tag == "a":
            self._language = None

    def handle_data(self, data):
        if self._language:
            self.names[self._language] = self.names.get(self._language, "") + data


def page(client, language: str = settings.LANGUAGE_CODE) -> str:
    with translation.override(language):
        response = client.get(reverse("public:track-list"))
    assert response.status_code == 200
    return response.content.decode()


def switch_names(client) -> dict[str, str]:
    parser = SwitchNames()
    parser.feed(page(client))
    return parser.names


def font_faces() -> list[str]:
    return re.findall(r"@font-face\s*{([^}]*)}", STYLESHEET.read_text())


@pytest.mark.django_db
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.language)
@pytest.mark.parametrize("weight", WEIGHTS)
def test_each_name_font_draws_every_character_of_the_name_the_switch_shows(client, script, weight):
    name = switch_names(client)[script.language]
    font = TTFont(script.language_name_target(weight, OUTPUT))

    assert name and [character for character in name if ord(character) not in font.getBestCmap()] == []
    assert "GSUB" in font and "GPOS" in font  # the stacked and reordered glyphs of the name
    assert font.flavor == "woff2"
    assert script.language_name_target(weight, OUTPUT).stat().st_size < 8_000


def test_stylesheet_serves_each_name_font_for_its_script_alone():
    served = {}
    for face in font_faces():
        assert f"font-family: {FAMILY};" in face
        assert "font-display: swap;" in face
        (address,) = re.findall(r'url\("([^"]+)"\)', face)
        assert not address.startswith(("/", "http")), "relative, so WhiteNoise's manifest rewrites it"
        (ranges,) = re.findall(r"unicode-range:\s*([^;]+);", face)
        served[(STYLESHEET.parent / address).resolve()] = set(parse_unicodes(ranges))

    assert all(path.exists() for path in served)
    assert served == {
        script.language_name_target(weight, OUTPUT): set(parse_unicodes(script.blocks))
        for script in SCRIPTS
        for weight in WEIGHTS
    }


def test_stylesheet_gives_the_name_fonts_to_the_switch_before_the_pages_own():
    (stack,) = re.findall(r"\.language-switch a\s*{\s*font-family:\s*([^;]+);", STYLESHEET.read_text())

    assert stack == f"{FAMILY}, var(--sans)"


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_page_links_the_name_fonts_stylesheet(client, language):
    assert re.search(r'<link rel="stylesheet" href="[^"]*/css/language-names\.css"', page(client, language))

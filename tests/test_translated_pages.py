"""Every public page in Khmer, Lao, Burmese and Vietnamese leaves no English interface string: no
text of the page, and no accessible name or description, reads as a message of the catalogue that
has a translation. Content still in English (a story not translated yet, a name) is marked
`lang="en"` on the page and is not interface."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.test_languages import PREFIXES, PUBLIC_PAGES

pytestmark = pytest.mark.django_db

# Attributes whose words a visitor reads or hears (a button's value too, not an option's).
READ_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder", "content"}
BUTTON_TYPES = {"submit", "button", "reset"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class InterfaceText(HTMLParser):
    """The page's words, as whole text nodes and attribute values, outside English content and
    outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.words: list[str] = []

    def _outside_english(self) -> bool:
        return not any(english for _tag, english in self.open)

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        english = attributes.get("lang", "").startswith("en") and tag != "html"
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, english or tag in ("script", "style")))
        if self._outside_english() and not english:
            self.words += [value for name, value in attributes.items() if name in READ_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in BUTTON_TYPES and attributes.get("value"):
                self.words.append(attributes["value"])

    def handle_endtag(self, tag) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data) -> None:
        if self._outside_english() and data.strip():
            self.words.append(data)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def english_messages(language: str) -> set[str]:
    """The catalogue's messages that read differently once translated, without placeholders, as a
    page would show them."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"))
    return {
        normalised(entry.msgid)
        for entry in catalogue
        if entry.msgstr
        and entry.msgstr != entry.msgid
        and "%" not in entry.msgid
        and "{" not in entry.msgid
        and re.search(r"[A-Za-z]{2}", entry.msgid)
    }


@pytest.mark.parametrize("language", ["km", "lo", "my", "vi"])
def test_no_english_interface_string_is_left_on_any_public_page(client, seeded, language):
    messages = english_messages(language)
    left = {}
    for page in PUBLIC_PAGES:
        parser = InterfaceText()
        parser.feed(client.get(PREFIXES[language] + page).content.decode())
        found = sorted({normalised(words) for words in parser.words} & messages)
        if found:
            left[page] = found
    assert left == {}

"""An officer's portrait, or, when there is none, their initials drawn on the server.

Initials are the first letter of the first and of the last word of the name as the portal keeps
it (whole, in whatever script it was written). A "letter" is what a reader sees as one: the base
character with the marks written on it, so a Vietnamese tone mark stays on its vowel, a Khmer or
Lao vowel sign on its consonant, and a consonant stacked under another (Khmer coeng, Myanmar
virama) stays under it instead of leaving a dangling sign that renders as a dotted circle; a Lao
vowel written before its consonant comes with that consonant.
"""

import unicodedata
import zlib
from dataclasses import dataclass

from core.templatetags.portal import ResponsiveImage, portrait_image

# Signs that stack the next consonant under the one before: Khmer coeng and Myanmar's stacking virama.
STACKERS = frozenset({"\u17d2", "\u1039"})
# Lao and Thai vowels written before the consonant they follow in speech: the initial is the pair.
LEADING_VOWELS = frozenset(map(chr, [*range(0x0E40, 0x0E45), *range(0x0EC0, 0x0EC5)]))
# How many colour pairs the stylesheet defines for placeholders (.initials--tone-0 ... -3).
TONES = 4


def initials(name: str) -> str:
    """'Hoàng Quốc Trung' → 'HT'; 'Htet Htet Htoo' → 'HH'; 'ឈី រតនា' → 'ឈីរ'; a one-word name gives one letter."""
    words = [word for word in unicodedata.normalize("NFC", name).split() if _is_letter(word[0])]
    if not words:
        return ""
    chosen = words if len(words) == 1 else [words[0], words[-1]]
    return "".join(first_letter(word) for word in chosen).upper()


def first_letter(word: str) -> str:
    """The word's first letter with the marks written on it and any consonant stacked under it."""
    end = 2 if word[0] in LEADING_VOWELS else 1
    while end < len(word) and (word[end - 1] in STACKERS or unicodedata.category(word[end]).startswith("M")):
        end += 1
    return word[:end]


def _is_letter(character: str) -> bool:
    return unicodedata.category(character).startswith("L")


def tone(name: str) -> int:
    """A colour pair for the placeholder, the same for a name on every page and in every process."""
    return zlib.crc32(name.encode()) % TONES


@dataclass(frozen=True)
class Portrait:
    """What `_portrait.html` draws: the photo when a readable one is on file, else the initials."""

    image: ResponsiveImage | None
    initials: str
    tone: int


def portrait_of(officer) -> Portrait:
    return Portrait(image=portrait_image(officer), initials=initials(officer.full_name), tone=tone(officer.full_name))

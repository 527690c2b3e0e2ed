"""Marking the words a visitor searched for in the stories found, safely.

Each piece of the text is escaped on its own and only the pieces that match are wrapped in <mark>, so
nothing a story or a query contains can become markup, and no match can fall inside an escaped entity
(`&amp;`, `&#x27;`). The marking is the same on SQLite and PostgreSQL: it reads the query's words, not
the database's idea of a match. PostgreSQL's English stemming also finds other forms of a word
("negotiations" finds "negotiating"), so a word is marked when it begins with the query word's stem.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word of any script, without the underscore Markdown uses for emphasis.
WORD = re.compile(r"[^\W_]+")
# Endings the English stemmer drops; a stem keeps at least MIN_STEM letters.
ENDINGS = ("ations", "ation", "ings", "ions", "ing", "ion", "ies", "es", "ed", "s")
MIN_STEM = 4
# In a query of several words, shorter ones ("of", "in") are not marked: they would be marked everywhere.
MIN_WORD_IN_PHRASE = 3
# Words of web-search syntax that are operators, not words to find.
OPERATORS = {"or"}


def search_terms(query: str) -> tuple[str, ...]:
    """The words of a query to mark: not the ones it excludes (`-word`), not its operators."""
    kept = []
    for token in query.split():
        if token.startswith("-"):
            continue
        kept += [word.casefold() for word in WORD.findall(token) if word.casefold() not in OPERATORS]
    if len(kept) > 1:
        kept = [word for word in kept if len(word) >= MIN_WORD_IN_PHRASE]
    return tuple(dict.fromkeys(_stem(word) for word in kept))


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def highlight(text: str, terms: tuple[str, ...]) -> SafeString:
    """The text, escaped, with every word that begins with one of the terms inside <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"((?<![^\W_])(?:" + "|".join(re.escape(term) for term in terms) + r")[^\W_]*)", re.IGNORECASE
    )
    pieces = pattern.split(text)
    # re.split with one group alternates: text, match, text, match, ..., text.
    marked = (f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece) for index, piece in enumerate(pieces))
    return mark_safe("".join(marked))  # noqa: S308 - every piece escaped above; only <mark> added

"""Whether a story's pull quote is worth showing beside its text.

A pull quote is set at the top of the story, beside the opening paragraphs. When its words are the
last paragraph's, word for word, the reader meets the same sentence twice, the second time as the
story's ending: there the quote is left out. A quote taken from elsewhere in the body stays.
"""

import re

# Words only: case, punctuation, quotation marks and Markdown emphasis do not make a quote different.
WORD = re.compile(r"[^\W_]+")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _words(text: str) -> str:
    return " ".join(word.casefold() for word in WORD.findall(text))


def last_paragraph(body: str) -> str:
    paragraphs = [paragraph for paragraph in PARAGRAPH_BREAK.split(body) if paragraph.strip()]
    return paragraphs[-1] if paragraphs else ""


def repeats_last_paragraph(*, pull_quote: str, body: str) -> bool:
    """True when every word of the quote appears, in order and together, in the body's last paragraph."""
    quote = _words(pull_quote)
    return bool(quote) and f" {quote} " in f" {_words(last_paragraph(body))} "


def shows_pull_quote(*, pull_quote: str, body: str) -> bool:
    return bool(pull_quote.strip()) and not repeats_last_paragraph(pull_quote=pull_quote, body=body)

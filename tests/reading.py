"""Reading a page as a person would, for assertions about what it says."""

import html
import re


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    content = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,;.)])", r"\1", " ".join(html.unescape(content).split()))

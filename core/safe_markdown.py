"""The one way story text becomes HTML: Markdown, then an allow-list sanitiser.

Markdown passes raw HTML through, so everything it produces goes through nh3: only the tags and
attributes below survive, links may only be http(s), mailto or relative, and scripts, event
handlers, iframes, styles and images (photos are attached as records, with credits) never reach a page.
"""

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "code",
    "pre",
    "abbr",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}


# Bodies each process keeps rendered: the stories a page, the feed or the API showed last (some
# 5 KB each). Rendering depends on the text alone, so a kept copy is right for as long as its text
# is: an edited story is a new text, rendered afresh. A story's body took 1.5 ms a page to render,
# the feed's twenty about 30 ms.
RENDERED_BODIES_KEPT = 512


def render_markdown(text: str) -> SafeString:
    return mark_safe(sanitised_html(text))  # noqa: S308 - sanitised by nh3 (sanitised_html)


@lru_cache(maxsize=RENDERED_BODIES_KEPT)
def sanitised_html(text: str) -> str:
    html = markdown.markdown(text, extensions=["sane_lists", "smarty"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned

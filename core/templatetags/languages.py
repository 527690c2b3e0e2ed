"""The page in every language: for the language switch and the `hreflang` alternates of the head."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.translation import get_language

from core.i18n_urls import path_in_language
from core.language_names import local_name

register = template.Library()

ERROR_PAGES = {"403.html", "404.html"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    # The language's name in itself ("ខ្មែរ", "Tiếng Việt"): core/language_names.py.
    name_local: str
    # The page in this language, without the query, which may carry what a visitor typed.
    path: str
    # The same, whole (the alternates in the head).
    url: str
    is_current: bool
    is_default: bool


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """This page in each of `settings.LANGUAGES`, in their order. A page without a request (the 500
    page) has none."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    paths = {code: path_in_language(request.path, code) for code, _name in settings.LANGUAGES}
    # A page with one address for every language, or a page saying that the address leads nowhere or
    # is not open to the visitor (which may hold what someone typed: another person's certificate
    # number), leads the switch to each language's home page and names no alternates.
    page = getattr(getattr(context.template, "origin", None), "template_name", None)
    translatable = len(set(paths.values())) > 1 and page not in ERROR_PAGES
    return [
        LanguageLink(
            code=code,
            name_local=local_name(code),
            path=path if translatable else "",
            url=request.build_absolute_uri(path if translatable else request.path),
            is_current=code == current,
            is_default=code == settings.LANGUAGE_CODE,
        )
        for code, path in paths.items()
    ]


@register.simple_tag
def has_translations(links: list[LanguageLink]) -> bool:
    """Whether the page has an address per language (the admin's, the API's, a missing page's do not)."""
    return len({link.url for link in links}) > 1

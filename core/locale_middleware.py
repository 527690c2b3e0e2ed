"""The language of each request, from its address alone, and the one redirect of a first visit.

A page's language is its address's: /km/... is Khmer, an unprefixed address (the admin, the API
and /my/, the officers' own page, included) is English. So a page, and its cached copy, never
depends on who asks. The one exception is the redirect: a visitor arriving at the unprefixed
address of a public page who chose another language (the language cookie, set by the language
switch) or, having chosen none, whose browser asks for one (`Accept-Language`), is sent once to
that page in their language. A prefixed page never redirects, and English never does, so there
is no loop; signed-in pages are never redirected, so an old link to /my/ opens the officer's page.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from core.i18n_urls import language_from_path, path_in_language

# The public site's pages (public/urls.py) and the check of a certificate (officers/certificate_urls.py).
PUBLIC_NAMESPACES = {"public", "verify"}
# The crawlers' files: the sitemap's index and its sections (which list every language), robots.txt.
SAME_IN_EVERY_LANGUAGE = {"public:sitemap", "public:sitemap-section", "public:robots"}


def supported_language(code: str) -> str | None:
    """The portal's language for a code a browser or cookie names ("en-us" is English, "my-mm" Burmese)."""
    codes = [language for language, _name in settings.LANGUAGES]
    code = code.lower()
    generic = code.split("-")[0]
    for candidate in (code, generic):
        if candidate in codes:
            return candidate
    return next((language for language in codes if language.startswith(f"{generic}-")), None)


def chosen_language(request: HttpRequest) -> str | None:
    """The language a visitor chose (the cookie), else the first one their browser asks for that the
    portal has. None when neither names one."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        return supported_language(cookie)
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            return None
        if language := supported_language(code):
            return language
    return None


def header_language(request: HttpRequest) -> str | None:
    """The first language the browser's Accept-Language header asks for that the portal speaks,
    passing over `*` (any language, which names none); None when the header names none of them."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code != "*" and (language := supported_language(code)):
            return language
    return None


def _english_match(path: str) -> ResolverMatch | None:
    """The page an address names when read as English (the language of an unprefixed address)."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return resolve(path)
        except Resolver404:
            return None


def is_public_page(path: str) -> bool:
    """Whether an unprefixed address is one of the public pages, the only ones a first visit is
    redirected from: not a signed-in page, not the crawlers' files (the same in every language)."""
    match = _english_match(path)
    return match is not None and match.namespace in PUBLIC_NAMESPACES and match.view_name not in SAME_IN_EVERY_LANGUAGE


# Answers in the language `?lang=` or, without it, the Accept-Language header names (the JSON API).
HEADER_LANGUAGE_NAMESPACES = {"api"}


def named_language(request: HttpRequest) -> str:
    """The language `?lang=` names, as given; blank when it names none (an empty `?lang=` included),
    and the header's choice then stands."""
    return request.GET.get("lang", "").strip()


def language_from_header(request: HttpRequest) -> bool:
    """Whether this answer's language is the browser's choice rather than the address's: an API
    request without `?lang=` whose Accept-Language names another of the portal's languages first.
    The address does not say which language such an answer is in, so no stored copy may answer it."""
    if named_language(request) or request.method not in ("GET", "HEAD"):
        return False
    # A prefixed address names its language, and the API is never under a prefix: no need to resolve it.
    if language_from_path(request.path_info):
        return False
    if header_language(request) in (None, settings.LANGUAGE_CODE):
        return False
    match = _english_match(request.path_info)
    return match is not None and bool(match.namespaces) and match.namespaces[0] in HEADER_LANGUAGE_NAMESPACES


def language_redirect(request: HttpRequest) -> str | None:
    """The address of this page in the language the visitor chose, when they asked for its
    unprefixed (English) address; None when they should get the page they asked for."""
    if request.method not in ("GET", "HEAD") or language_from_path(request.path_info):
        return None
    language = chosen_language(request)
    if language in (None, settings.LANGUAGE_CODE) or not is_public_page(request.path_info):
        return None
    target = path_in_language(request.path_info, language)
    if target == request.path_info:
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"{target}?{query}" if query else target


class PortalLocaleMiddleware(LocaleMiddleware):
    # Django's hook may answer the request itself (its stubs say it returns nothing): here with the redirect.
    def process_request(self, request: HttpRequest) -> HttpResponse | None:  # type: ignore[override]
        translation.activate(language_from_path(request.path_info) or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        target = language_redirect(request)
        if target is None:
            return None
        redirect = HttpResponseRedirect(target)
        patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
        return redirect

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if language_from_path(request.path_info) is None:
            # Whether an unprefixed address redirects depends on these headers.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

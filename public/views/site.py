"""Files for crawlers: robots.txt and the sitemap of every public page."""

from datetime import date

from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from core.i18n_urls import url_prefix
from core.page_cache import cache_public_page
from public.sitemaps import SITEMAPS, localised_locations, section_file_numbers, section_files

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Of the `<xhtml:link rel="alternate" hreflang>` naming a page's address in another language.
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


# The signed-in areas, in every language's prefix: crawlers have nothing to find there.
PRIVATE_AREAS = ("my/", "nominate/", "supervise/", "accounts/")


@require_safe
@cache_public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Public: lets crawlers into the public pages, keeps them out of the admin and the signed-in
    pages in every language."""
    prefixes = [""] + [f"{url_prefix(code)}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("public:sitemap")),
        "private_paths": [f"/{prefix}{area}" for prefix in prefixes for area in PRIVATE_AREAS],
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@cache_public_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Public: the address of each file of the sitemap, one per section (fixed pages, stories,
    consenting graduates, countries, tracks, batches) and more where a section outgrows a file
    (`?p=2` onwards, as Django's own index names them)."""
    origin = _origin(request)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NAMESPACE}">']
    for name, sitemap_class in SITEMAPS.items():
        address = origin + reverse("public:sitemap-section", kwargs={"section": name})
        for number in section_file_numbers(sitemap_class()):
            location = address if number == 1 else f"{address}?p={number}"
            lines.append(f"<sitemap><loc>{escape(location)}</loc></sitemap>")
    lines.append("</sitemapindex>\n")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


@require_safe
@cache_public_page(query=("p",))
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """Public: one file of the sitemap, the section's pages in every language; an unknown section or
    a page number past the last is 404.

    Written out here rather than through Django's sitemap template: a template loop over 10,000
    addresses took most of a second, this takes milliseconds. Each address is escaped."""
    if section not in SITEMAPS:
        raise Http404("No such section of the sitemap.")
    sitemap = SITEMAPS[section]()
    try:
        items = section_files(sitemap).page(request.GET.get("p", 1)).object_list
    except InvalidPage as error:
        raise Http404("No such page of the sitemap.") from error
    origin = _origin(request)
    lastmod = getattr(sitemap, "lastmod", None)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:xhtml="{XHTML_NAMESPACE}">',
    ]
    for item, locations in localised_locations(sitemap, items):
        alternates = _alternate_links(sitemap, {language: origin + path for language, path in locations.items()})
        for path in locations.values():
            lines.append(
                _url_element(
                    location=origin + path,
                    lastmod=lastmod(item) if lastmod else None,
                    changefreq=sitemap.changefreq,
                    alternates=alternates,
                )
            )
    lines.append("</urlset>\n")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


def _origin(request: HttpRequest) -> str:
    """The scheme and host every address of the sitemap begins with."""
    return f"{request.scheme}://{RequestSite(request).domain}"


def _alternate_links(section, locations: dict[str, str]) -> str:
    """The page in each language, and the English one as x-default, as the section asks; written
    once and repeated in each language's entry."""
    if not section.alternates or len(locations) == 1:
        return ""
    links = dict(locations)
    if section.x_default and settings.LANGUAGE_CODE in locations:
        links["x-default"] = locations[settings.LANGUAGE_CODE]
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{language}" href="{escape(location)}"/>'
        for language, location in links.items()
    )


def _url_element(*, location: str, lastmod: date | None, changefreq: str | None, alternates: str) -> str:
    parts = [f"<loc>{escape(location)}</loc>"]
    if lastmod:
        parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
    if changefreq:
        parts.append(f"<changefreq>{changefreq}</changefreq>")
    return f"<url>{''.join(parts)}{alternates}</url>"

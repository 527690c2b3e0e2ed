"""Files for crawlers: robots.txt and the sitemap of every public page."""

from datetime import date

from django.contrib.sites.requests import RequestSite
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from core.page_cache import cache_public_page
from public.sitemaps import SITEMAPS

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@require_safe
@cache_public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Public: lets crawlers into the public pages, keeps them out of the admin and the officers' pages."""
    context = {"sitemap_url": request.build_absolute_uri(reverse("public:sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@cache_public_page
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Public: every public page (stories, consenting graduates, tracks, batches and the fixed pages).

    Written out here rather than through Django's sitemap template: a template loop over 10,000
    addresses took most of a second, this takes milliseconds. Each address is escaped."""
    origin = f"{request.scheme}://{RequestSite(request).domain}"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for section in (sitemap_class() for sitemap_class in SITEMAPS.values()):
        lastmod = getattr(section, "lastmod", None)
        for item in section.items():
            lines.append(
                _url_element(
                    location=origin + section.location(item),
                    lastmod=lastmod(item) if lastmod else None,
                    changefreq=section.changefreq,
                )
            )
    lines.append("</urlset>\n")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


def _url_element(*, location: str, lastmod: date | None, changefreq: str | None) -> str:
    parts = [f"<loc>{escape(location)}</loc>"]
    if lastmod:
        parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
    if changefreq:
        parts.append(f"<changefreq>{changefreq}</changefreq>")
    return f"<url>{''.join(parts)}</url>"

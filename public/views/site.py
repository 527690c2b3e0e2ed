"""Files for crawlers: robots.txt and the sitemap of every public page."""

from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.page_cache import cache_public_page
from public.sitemaps import SITEMAPS


@require_safe
@cache_public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Public: lets crawlers into the public pages, keeps them out of the admin and the officers' pages."""
    context = {"sitemap_url": request.build_absolute_uri(reverse("public:sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@cache_public_page
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Public: every public page (stories, consenting graduates, tracks, batches and the fixed pages)."""
    return sitemap(request, sitemaps=SITEMAPS)

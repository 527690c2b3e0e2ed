"""The sitemap: every public page, read through the same `public()` rules as the pages themselves.

Each section returns a list rather than a queryset, so the sitemap's paginator counts it with
`len()` instead of a second query: one query a section, whatever the number of records.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from batches.models import Batch, ProgrammeTrack
from officers.models import GraduateStory, Officer


class FixedPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["public:home", "public:story-list", "public:track-list", "public:statistics"]

    def location(self, item: str) -> str:
        return reverse(item)


class StorySitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[GraduateStory]:
        return list(GraduateStory.objects.public().only("slug", "published_on").order_by("published_on", "id"))

    def lastmod(self, story: GraduateStory):
        return story.published_on


class GraduateSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[Officer]:
        return list(Officer.objects.public().only("slug").order_by("slug"))


class TrackSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[ProgrammeTrack]:
        return list(ProgrammeTrack.objects.only("slug").order_by("first_year", "name"))


class BatchSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[Batch]:
        return list(Batch.objects.with_track().only("number", "track__slug").order_by("track__first_year", "number"))


SITEMAPS = {
    "pages": FixedPagesSitemap,
    "stories": StorySitemap,
    "graduates": GraduateSitemap,
    "tracks": TrackSitemap,
    "batches": BatchSitemap,
}

"""The sitemap: every public page, read through the same `public()` rules as the pages themselves.

Each section returns a list rather than a queryset, so the sitemap's paginator counts it with
`len()` instead of a second query: one query a section, whatever the number of records. The
sections with one page per record build each address from one reversed pattern: at 10,000
graduates a `reverse()` per record cost a third of a second.
"""

from datetime import date

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

from batches.models import Batch, ProgrammeTrack
from officers.countries import Country
from officers.models import GraduateStory, Officer

# A slug no record has, standing in for each record's slug in its reversed address.
SLUG_PLACEHOLDER = "slug-placeholder"


class FixedPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "public:home",
            "public:story-list",
            "public:graduate-list",
            "public:track-list",
            "public:statistics",
            "public:take-part",
            "public:feed-about",
            "api:about",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class SlugPageSitemap(Sitemap):
    """A section whose pages are addressed by their record's slug alone."""

    url_name = ""

    @cached_property
    def _address_pattern(self) -> str:
        return reverse(self.url_name, kwargs={"slug": SLUG_PLACEHOLDER})

    def location(self, item) -> str:
        return self._address_pattern.replace(SLUG_PLACEHOLDER, item.slug)


class StorySitemap(SlugPageSitemap):
    changefreq = "monthly"
    url_name = "public:story-detail"

    def items(self) -> list:
        # Rows, not model instances: building 1,000s of deferred instances cost more than the query.
        stories = GraduateStory.objects.public().order_by("published_on", "id")
        return list(stories.values_list("slug", "published_on", named=True))

    def lastmod(self, story) -> date:
        return story.published_on


class GraduateSitemap(SlugPageSitemap):
    changefreq = "monthly"
    url_name = "public:graduate-detail"

    def items(self) -> list:
        return list(Officer.objects.public().order_by("slug").values_list("slug", named=True))


class TrackSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[ProgrammeTrack]:
        return list(ProgrammeTrack.objects.only("slug").order_by("first_year", "name"))


class BatchSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[Batch]:
        return list(Batch.objects.with_track().only("number", "track__slug").order_by("track__first_year", "number"))


class CountrySitemap(Sitemap):
    """Every member state has its page, whether or not any of its graduates is public yet: no query."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return [code.lower() for code in Country.values]

    def location(self, item: str) -> str:
        return reverse("public:country-detail", kwargs={"code": item})


SITEMAPS = {
    "pages": FixedPagesSitemap,
    "stories": StorySitemap,
    "graduates": GraduateSitemap,
    "countries": CountrySitemap,
    "tracks": TrackSitemap,
    "batches": BatchSitemap,
}

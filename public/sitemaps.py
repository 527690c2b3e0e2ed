"""The sitemap: every public page, read through the same `public()` rules as the pages themselves.

Each section returns a list rather than a queryset, so a section's file counts it with `len()`
instead of a second query: one query a section, whatever the number of records. The index needs
only the count, so it counts the sections with records in the database (`rows()`) without reading
them. The sections with one page per record build each address from one reversed pattern: at
10,000 graduates a `reverse()` per record cost a third of a second.

Every page is listed once per language (`localised_locations`), each with its alternates in every
language and the English one as x-default, as a section's `alternates` and `x_default` ask (the
sitemap views write them; Django's own sitemap views and their `i18n` are not used).

/sitemap.xml is an index of the sections' files, /sitemap-<section>.xml, each split into more
(`?p=2` onwards) past `limit` records, each listed once per language.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from datetime import date

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language, override

from batches.models import Batch, ProgrammeTrack
from officers.countries import Country
from officers.models import GraduateStory, Officer

# A slug no record has, standing in for each record's slug in its reversed address.
SLUG_PLACEHOLDER = "slug-placeholder"
# Records in one file, each listed in every language with all its alternates (5,000 addresses, about
# 3.5 MB). The protocol allows 50,000 addresses, but a file that size took a quarter of a second to
# write and was 30 MB: crawlers fetch several small files as readily as one large one.
RECORDS_PER_FILE = 1_000


class LocalisedSitemap(Sitemap):
    alternates = True
    x_default = True
    # All of a record's copies stay in one file.
    limit = RECORDS_PER_FILE


class RecordSitemap(LocalisedSitemap, ABC):
    """A section with a page per record: its records read once, in order."""

    @abstractmethod
    def rows(self) -> QuerySet:
        """The section's records, ordered: a queryset, so the index can count them without reading them."""

    def items(self) -> list:
        return list(self.rows())


def section_files(section: Sitemap) -> Paginator:
    """The section's items, `limit` to a file: one query. (Django's own `paginator` counts each
    language's copy of an item apart, which would split an item's languages across files.)"""
    return Paginator(section.items(), section.limit)


def section_file_numbers(section: Sitemap) -> range:
    """The numbers of the section's files, from its count alone: a section of records is counted in the
    database (`COUNT(*)`), none of them read."""
    items = section.rows() if isinstance(section, RecordSitemap) else section.items()
    return Paginator(items, section.limit).page_range


def localised_locations(section: Sitemap, items: Sequence) -> Iterator[tuple[object, dict[str, str]]]:
    """Each of these items of the section with its address in each of the section's languages, in
    order (English first): each language's addresses are built from the items read once."""
    languages = section.languages or [code for code, _name in settings.LANGUAGES]
    by_language = {}
    for language in languages:
        with override(language):
            by_language[language] = [section.location(item) for item in items]
    for index, item in enumerate(items):
        locations = {language: by_language[language][index] for language in languages}
        if len(set(locations.values())) == 1:
            # A page with one address for every language (the API's, in English) is listed once.
            locations = {settings.LANGUAGE_CODE: locations[settings.LANGUAGE_CODE]}
        yield item, locations


class FixedPagesSitemap(LocalisedSitemap):
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


class SlugPageSitemap(RecordSitemap):
    """A section whose pages are addressed by their record's slug alone."""

    url_name = ""

    def __init__(self):
        # The reversed address in each language (the prefix differs).
        self._address_patterns: dict[str, str] = {}

    def location(self, item) -> str:
        language = get_language()
        if language not in self._address_patterns:
            self._address_patterns[language] = reverse(self.url_name, kwargs={"slug": SLUG_PLACEHOLDER})
        return self._address_patterns[language].replace(SLUG_PLACEHOLDER, item.slug)


class StorySitemap(SlugPageSitemap):
    changefreq = "monthly"
    url_name = "public:story-detail"

    def rows(self) -> QuerySet:
        # Rows, not model instances: building 1,000s of deferred instances cost more than the query.
        stories = GraduateStory.objects.public().order_by("published_on", "id")
        return stories.values_list("slug", "published_on", named=True)

    def lastmod(self, story) -> date:
        return story.published_on


class GraduateSitemap(SlugPageSitemap):
    changefreq = "monthly"
    url_name = "public:graduate-detail"

    def rows(self) -> QuerySet:
        return Officer.objects.public().order_by("slug").values_list("slug", named=True)


class TrackSitemap(RecordSitemap):
    changefreq = "monthly"

    def rows(self) -> QuerySet[ProgrammeTrack]:
        return ProgrammeTrack.objects.only("slug").order_by("first_year", "name")


class BatchSitemap(RecordSitemap):
    changefreq = "monthly"

    def rows(self) -> QuerySet[Batch]:
        return Batch.objects.with_track().only("number", "track__slug").order_by("track__first_year", "number")


class CountrySitemap(LocalisedSitemap):
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

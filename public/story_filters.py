"""Finding public stories: the filters of `/stories/` and its text search.

On PostgreSQL the search is full-text with ranking over each story's stored search document
(officers/search_documents.py), with `websearch_to_tsquery`, which accepts any text a person types:
quotes, operators, stray punctuation; on SQLite a case-insensitive contains-search
serves, with `%` and `_` matched literally. Both only ever narrow a queryset that already went
through `GraduateStory.objects.public()`.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from batches.models import ProgrammeTrack
from officers.countries import Country
from officers.models import Placement
from officers.models.stories import GraduateStoryQuerySet
from officers.search_documents import SEARCH_CONFIG

SEARCH_MAX_LENGTH = 500


class CountryCodeField(forms.ChoiceField):
    """An ISO country code, accepted in either case (`vn` or `VN`)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class StoryFilterForm(forms.Form):
    """The query string of `/stories/`: every field optional, and they combine."""

    q = forms.CharField(
        label=_("Search the stories"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    track = forms.ChoiceField(
        label=_("Programme track"),
        required=False,
        error_messages={"invalid_choice": _("There is no programme track called “%(value)s”.")},
    )
    batch = forms.IntegerField(
        label=_("Batch number"),
        required=False,
        min_value=1,
        max_value=32767,
        error_messages={"invalid": _("A batch is given by its number, such as 13.")},
    )
    country = CountryCodeField(
        label=_("Country"),
        required=False,
        choices=[("", _("All countries")), *Country.choices],
        error_messages={
            "invalid_choice": _(
                "There is no country “%(value)s” in the programme: it attaches officers from Cambodia (KH), "
                "Lao PDR (LA), Myanmar (MM) and Viet Nam (VN)."
            )
        },
    )

    def __init__(self, *args, tracks: list[ProgrammeTrack], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tracks_by_slug = {track.slug: track for track in tracks}
        self.fields["track"].choices = [("", _("All tracks")), *((t.slug, t.short_name) for t in tracks)]

    @property
    def selected_track(self) -> ProgrammeTrack | None:
        return self.tracks_by_slug.get(self.cleaned_data.get("track") or "")

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


@dataclass(frozen=True)
class StoryFilters:
    track: ProgrammeTrack | None = None
    batch: int | None = None
    country: str = ""
    text: str = ""


def filter_stories(stories: GraduateStoryQuerySet, filters: StoryFilters) -> GraduateStoryQuerySet:
    """Narrow public stories to those matching every filter given; relevance first when searching on PostgreSQL."""
    if filters.track or filters.batch:
        placements = Placement.objects.attended().filter(officer=OuterRef("officer"))
        if filters.track:
            placements = placements.filter(batch__track=filters.track)
        if filters.batch:
            placements = placements.filter(batch__number=filters.batch)
        stories = stories.filter(Exists(placements))
    if filters.country:
        stories = stories.filter(officer__country=filters.country)
    if filters.text:
        stories = search_stories(stories, filters.text)
    return stories


def search_stories(stories: GraduateStoryQuerySet, text: str) -> GraduateStoryQuerySet:
    if connection.vendor == "postgresql":
        return _full_text_search(stories, text)
    return _contains_search(stories, text)


def _full_text_search(stories: GraduateStoryQuerySet, text: str) -> GraduateStoryQuerySet:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # The order already set (chronological by batch) breaks ties between equally relevant stories.
    tie_breakers = stories.query.order_by
    return (
        stories.filter(search_document=query)
        .annotate(rank=SearchRank(F("search_document"), query))
        .order_by("-rank", *tie_breakers)
    )


def _contains_search(stories: GraduateStoryQuerySet, text: str) -> GraduateStoryQuerySet:
    return stories.filter(
        Q(headline__icontains=text)
        | Q(standfirst__icontains=text)
        | Q(pull_quote__icontains=text)
        | Q(body__icontains=text)
        | Q(officer__full_name__icontains=text)
    )

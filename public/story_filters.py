"""Finding public stories: what the filters and the order of `/stories/` do, and its text search
(the form that reads them is public/story_list_form.py).

On PostgreSQL the search is full-text with ranking over each story's stored search document
(officers/search_documents.py), with `websearch_to_tsquery`, which accepts any text a person types:
quotes, operators, stray punctuation; on SQLite a case-insensitive contains-search
serves, with `%` and `_` matched literally. Both also search the stories' published translations:
on PostgreSQL their words are in the same document (the `simple` configuration: no dictionary has
these languages), and Khmer, Lao and Burmese, written without spaces between words, are searched
for the query anywhere in their text, as SQLite searches every language. Both only ever narrow a
queryset that already went through `GraduateStory.objects.public()`.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

from batches.models import ProgrammeTrack
from officers.models import Placement, StoryTranslation
from officers.models.stories import GraduateStoryQuerySet
from officers.models.story_translations import UNSPACED_LANGUAGES
from officers.search_documents import SEARCH_CONFIG, TRANSLATION_SEARCH_CONFIG

# The list's two orders: newest first (the default), or the programme's own, oldest batch first.
BY_BATCH = "batch"
NEWEST_FIRST = ("-published_on", "-id")


@dataclass(frozen=True)
class StoryFilters:
    track: ProgrammeTrack | None = None
    batch: int | None = None
    country: str = ""
    text: str = ""


def order_stories(stories: GraduateStoryQuerySet, order: str) -> GraduateStoryQuerySet:
    """Newest first, or by batch (oldest first), the order the source article printed them in."""
    if order == BY_BATCH:
        return stories.chronological_by_batch()
    return stories.order_by(*NEWEST_FIRST)


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
    # English words as English stems them; any language's words as written (the translations').
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG) | SearchQuery(
        text, search_type="websearch", config=TRANSLATION_SEARCH_CONFIG
    )
    # The order already set (newest first, or by batch) breaks ties between equally relevant stories.
    tie_breakers = stories.query.order_by
    return (
        stories.filter(Q(search_document=query) | translated_text_contains(text, languages=UNSPACED_LANGUAGES))
        .annotate(rank=SearchRank(F("search_document"), query))
        .order_by("-rank", *tie_breakers)
    )


def _contains_search(stories: GraduateStoryQuerySet, text: str) -> GraduateStoryQuerySet:
    return stories.filter(
        _text_contains(text) | Q(officer__full_name__icontains=text) | translated_text_contains(text)
    )


def _text_contains(text: str) -> Q:
    """Whether the headline, standfirst, pull quote or body holds the text: a story's own fields, and
    the same fields of each of its translations."""
    return (
        Q(headline__icontains=text)
        | Q(standfirst__icontains=text)
        | Q(pull_quote__icontains=text)
        | Q(body__icontains=text)
    )


def translated_text_contains(text: str, *, languages=None) -> Exists:
    """Whether a published translation of the story, into any of these languages (all when None), holds
    the text anywhere in its headline, standfirst, pull quote or body."""
    translations = StoryTranslation.objects.published().filter(_text_contains(text), story=OuterRef("pk"))
    if languages is not None:
        translations = translations.filter(language__in=languages)
    return Exists(translations)

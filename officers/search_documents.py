"""Each story's stored search document: what full-text search reads of it, weighed, kept in a column
with a GIN index so a search looks words up instead of reading every story again.

The document is rebuilt in the same transaction as the write that changes it, by the code that
writes: a story's own `save()`, a translation's `save()` (officers/models/story_translations.py),
`officers.services.officer_records.save_officer` (the officer's name is part of it), the officer
import, and bulk writes such as the synthetic data. A translation's deletion is followed by its
signal (`connect_search_documents`), which Django sends inside the deleting transaction for every
row, whether one translation was deleted, a list of them from the admin (a QuerySet delete, which
calls no model's `delete()`), or their story.
PostgreSQL only: on SQLite the column stays empty and search reads the text itself (public/story_filters.py).
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.signals import post_delete

SEARCH_CONFIG = "english"
# The story's translations (Khmer, Lao, Burmese, Vietnamese) have no PostgreSQL dictionary: their
# words are kept as written, lower-cased. Khmer, Lao and Burmese write no spaces between words, so
# their text is also searched as a substring (public/story_filters.py).
TRANSLATION_SEARCH_CONFIG = "simple"


def story_search_vector() -> SearchVector:
    """Headline and the graduate's name weigh most, then standfirst and pull quote, then the body;
    the published translations' text weighs as the body does. A change here needs a migration that
    rebuilds every document (as 0005 first built them; 0015 needed none: no translation existed yet)."""
    from officers.models import Officer

    officer_name = Subquery(Officer.objects.filter(pk=OuterRef("officer_id")).values("full_name")[:1])
    return (
        SearchVector("headline", officer_name, weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", "pull_quote", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        + SearchVector(translations_text(), weight="C", config=TRANSLATION_SEARCH_CONFIG)
    )


def translations_text() -> Coalesce:
    """The text of the story's published translations, as one string. Published by state only: the
    document is not rebuilt each day, so a translation dated in the future is findable once its state
    is set (the story it finds is shown, never the translation before its date)."""
    from officers.models import StoryTranslation, TranslationState

    translations = (
        StoryTranslation.objects.filter(story=OuterRef("pk"), state=TranslationState.PUBLISHED)
        .order_by()
        .values("story")
        .annotate(
            text=StringAgg(
                Concat(
                    "headline",
                    Value(" "),
                    "standfirst",
                    Value(" "),
                    "pull_quote",
                    Value(" "),
                    "body",
                    output_field=TextField(),
                ),
                delimiter=" ",
                output_field=TextField(),
            )
        )
        .values("text")
    )
    return Coalesce(Subquery(translations), Value(""), output_field=TextField())


def refresh_search_documents(stories: QuerySet) -> None:
    """Rebuild the search document of these stories, in one UPDATE (no signals, no history row)."""
    if connection.vendor != "postgresql":
        return
    stories.update(search_document=story_search_vector())


def _translation_deleted(sender, instance, **kwargs) -> None:
    from officers.models import GraduateStory

    refresh_search_documents(GraduateStory.objects.filter(pk=instance.story_id))


def connect_search_documents() -> None:
    from officers.models import StoryTranslation

    post_delete.connect(
        _translation_deleted, sender=StoryTranslation, dispatch_uid="search-document-translation-deleted"
    )

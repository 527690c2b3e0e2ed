"""Each story's stored search document: what full-text search reads of it, weighed, kept in a column
with a GIN index so a search looks words up instead of reading every story again.

The document is rebuilt in the same transaction as the write that changes it, by the code that
writes: a story's own `save()`, `officers.services.officer_records.save_officer` (the officer's name
is part of it), the officer import, and bulk writes such as the synthetic data. PostgreSQL only: on SQLite the
column stays empty and search reads the text itself (public/story_filters.py).
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery

SEARCH_CONFIG = "english"


def story_search_vector() -> SearchVector:
    """Headline and the graduate's name weigh most, then standfirst and pull quote, then the body.
    A change here needs a migration that rebuilds every document (as 0005 first built them)."""
    from officers.models import Officer

    officer_name = Subquery(Officer.objects.filter(pk=OuterRef("officer_id")).values("full_name")[:1])
    return (
        SearchVector("headline", officer_name, weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", "pull_quote", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def refresh_search_documents(stories: QuerySet) -> None:
    """Rebuild the search document of these stories, in one UPDATE (no signals, no history row)."""
    if connection.vendor != "postgresql":
        return
    stories.update(search_document=story_search_vector())

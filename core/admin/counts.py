"""Counts of related records for a changelist's columns."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_per_row(queryset: QuerySet, *, of: str) -> Coalesce:
    """How many records of `queryset` point at the listed row through `of`, as a subquery read
    for the rows shown. A COUNT over a join grouped every row of the table before the page was
    cut, and made the list's totals and its date links group them all again."""
    counted = queryset.filter(**{of: OuterRef("pk")}).order_by().values(of).annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted), 0)

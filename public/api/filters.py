"""The API lists' filters: the pages' own forms and filters, so the same values mean the same thing.

The stories list reads `/stories/`'s form (public/story_list_form.py) and its filter and order
(public/story_filters.py); the graduates list reads `/graduates/`'s (public/list_filters.py,
public/graduate_filters.py). A value that cannot match (an unknown track or country, a batch the
track does not have) is a 400 naming the field with the message the page shows beside it.
"""

from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from officers.models.people import OfficerQuerySet
from officers.models.stories import GraduateStoryQuerySet
from public.graduate_filters import filter_graduates
from public.list_filters import ProgrammeFilterForm, tracks_with_batches
from public.story_filters import StoryFilters, filter_stories, order_stories
from public.story_list_form import StoryFilterForm

STORY_PARAMETERS = ("q", "track", "batch", "country", "order")
GRADUATE_PARAMETERS = ("track", "batch", "country")


def valid_form(form_class: type[ProgrammeFilterForm], query: QueryDict) -> ProgrammeFilterForm:
    """The form read from the query, or a 400 with each wrong field's message. It reads the tracks and
    their batches, which the track and batch fields accept: two queries after each change of the
    records, none until the next."""
    form = form_class(query, tracks=tracks_with_batches())
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form


def stories_matching(stories: GraduateStoryQuerySet, query: QueryDict) -> GraduateStoryQuerySet:
    """The stories the filters let through, newest first or by batch; by relevance first when searching."""
    form = valid_form(StoryFilterForm, query)
    data = form.cleaned_data
    filters = StoryFilters(track=form.selected_track, batch=data["batch"], country=data["country"], text=data["q"])
    return filter_stories(order_stories(stories, data["order"]), filters)


def graduates_matching(officers: OfficerQuerySet, query: QueryDict) -> OfficerQuerySet:
    form = valid_form(ProgrammeFilterForm, query)
    data = form.cleaned_data
    return filter_graduates(officers, country=data["country"], track=form.selected_track, batch=data["batch"])

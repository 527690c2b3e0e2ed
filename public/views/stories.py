"""The public stories: the filtered list and one story. Only what `public()` lets through."""

import copy
from functools import partial

from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from core.once_per_change import once_per_change
from core.page_cache import cache_public_page
from core.safe_markdown import render_markdown
from officers.models import CareerMilestone, GraduateStory, Officer, Placement
from officers.models.story_translations import translation_prefetch, with_translation
from public.highlight import search_terms
from public.list_filters import tracks_with_batches
from public.paged_lists import FilteredPagesMixin
from public.photos import lead_photo
from public.pull_quotes import shows_pull_quote
from public.sharing import ShareImage, absolute_url, share_links
from public.story_filters import NEWEST_FIRST, StoryFilters, filter_stories, order_stories
from public.story_languages import story_text, untranslated_language
from public.story_list_form import FILTER_NAMES, StoryFilterForm

STORIES_PER_PAGE = 10
RELATED_STORIES = 3
# The query parameters the list reads: its filters, its order and the page number.
STORY_LIST_PARAMETERS = ("q", "track", "batch", "country", "order", "page")


@method_decorator(cache_public_page(query=STORY_LIST_PARAMETERS), name="dispatch")
class StoryListView(FilteredPagesMixin, ListView):
    """Public: published stories of consenting officers, newest first or by batch (oldest first),
    filtered by track, batch, country and text. A filter that cannot match (an unknown track or
    country, a batch the track does not have) gives an empty list that says why, never an error page."""

    template_name = "public/story_list.html"
    context_object_name = "stories"
    paginate_by = STORIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.form = StoryFilterForm(request.GET, tracks=tracks_with_batches())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        stories = with_translation(GraduateStory.objects.public().for_listing(), get_language())
        if not self.form.is_valid():
            return stories.none()
        data = self.form.cleaned_data
        filters = StoryFilters(
            track=self.form.selected_track,
            batch=data["batch"],
            country=data["country"],
            text=data["q"],
        )
        return filter_stories(order_stories(stories, data["order"]), filters)

    def count_name(self) -> str | None:
        # Free text has no bound: each search's count would be kept under a name of its own.
        return None if self.form.is_valid() and self.form.cleaned_data["q"] else super().count_name()

    def is_unbounded(self, context) -> bool:
        # Free text has no bound either: each search would be an entry of its own.
        return super().is_unbounded(context) or bool(self.form.cleaned_data["q"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        context.update(
            query=query,
            search_terms=search_terms(query),
            by_batch=self.form.by_batch,
            removals=self.filter_removals(FILTER_NAMES),
        )
        return context


@method_decorator(cache_public_page, name="dispatch")
class StoryDetailView(DetailView):
    """Public: one story, only when `public()` lets it through. Drafts, stories in review, stories
    dated in the future and stories of officers who withdrew consent are 404."""

    template_name = "public/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return with_translation(for_story_page(GraduateStory.objects.public()), get_language(), captions=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(story_page_context(self.request, self.object))
        return context


def for_story_page(stories: QuerySet) -> QuerySet:
    """The stories with what their page shows: officer, placements, photos, and whether the officer's
    profile is public. The public page reads published stories through it; the staff preview, any."""
    return stories.for_listing().annotate(
        officer_profile_is_public=Exists(Officer.objects.public().filter(pk=OuterRef("officer")))
    )


def story_page_context(request: HttpRequest, story: GraduateStory) -> dict:
    """What the story page shows besides the story itself, read from a story of `for_story_page`, in
    the visitor's language where its translation was prefetched (`with_translation`), else in English."""
    canonical_url = request.build_absolute_uri(story.get_absolute_url())
    placements = story.officer.attended_placements()
    text = story_text(story)
    return {
        "text": text,
        "untranslated_into": untranslated_language(text),
        "officer": story.officer,
        "placements": placements,
        "photos": text.photos(list(story.photos.all())),
        "body_html": render_markdown(text.body),
        "show_pull_quote": shows_pull_quote(pull_quote=text.pull_quote, body=text.body),
        "milestones": list(CareerMilestone.objects.public().timeline().filter(officer=story.officer_id)),
        "related_stories": related_stories(story, track_ids={p.batch.track_id for p in placements}),
        "canonical_url": canonical_url,
        "share_links": share_links(url=canonical_url, title=text.headline),
        "share_image": story_share_image(request, story),
    }


def story_share_image(request: HttpRequest, story: GraduateStory) -> ShareImage | None:
    """The lead photo at its largest rendition; None leaves the page the portal's default image."""
    lead = lead_photo(story)
    if lead is None:
        return None
    return ShareImage(
        url=absolute_url(request, lead.image.src), width=lead.image.width, height=lead.image.height, alt=lead.alt
    )


def related_stories(story: GraduateStory, *, track_ids: set[int]) -> list[GraduateStory]:
    """Up to three more public stories (`find_related_stories`), found once per change of the records
    or of the date (core/once_per_change.py): finding them was a third of the page's time. The stories
    found are shared by every page drawn until then, so each page reads its language's translations
    into copies of its own."""
    found = once_per_change(f"related-stories:{story.pk}", partial(find_related_stories, story, track_ids=track_ids))
    copies = [copy.copy(other) for other in found]
    if prefetch := translation_prefetch(get_language()):
        prefetch_related_objects(copies, prefetch)
    return copies


def find_related_stories(story: GraduateStory, *, track_ids: set[int]) -> list[GraduateStory]:
    """Up to three more public stories: the same graduate's first, then those of graduates from the
    same country who attended the same track, then those sharing either; newest first within each.

    One query a kind, until three are found. Each asks for the newest few of its kind, which
    PostgreSQL reads from the stories' date index, stopping at the first it needs: ranking all related
    stories by kind in one query instead compared every one of them (4-21 ms at 1,000 stories,
    against under 1 ms for the kinds together)."""
    shares_track = Exists(
        Placement.objects.attended().filter(officer=OuterRef("officer"), batch__track_id__in=track_ids)
    )
    shares_country = Q(officer__country=story.officer.country)
    kinds = (
        Q(officer_id=story.officer_id),
        shares_country & Q(shares_track=True),
        shares_country | Q(shares_track=True),
    )
    candidates = (
        GraduateStory.objects.public().exclude(pk=story.pk).select_related("officer").alias(shares_track=shares_track)
    )
    found: list[GraduateStory] = []
    for kind in kinds:
        wanted = RELATED_STORIES - len(found)
        found += candidates.filter(kind).exclude(pk__in=[s.pk for s in found]).order_by(*NEWEST_FIRST)[:wanted]
        if len(found) == RELATED_STORIES:
            break
    return found

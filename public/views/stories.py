"""The public stories: the filtered list and one story. Only what `public()` lets through."""

from django.db.models import Case, Exists, OuterRef, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView

from batches.models import ProgrammeTrack
from core.page_cache import cache_public_page, keep_out_of_cache
from core.safe_markdown import render_markdown
from core.templatetags.portal import story_photo_image
from officers.models import CareerMilestone, GraduateStory, Officer
from public.story_filters import StoryFilterForm, StoryFilters, filter_stories

STORIES_PER_PAGE = 10
OTHER_STORIES = 3
# The query parameters the list reads: its filters and the page number.
STORY_LIST_PARAMETERS = ("q", "track", "batch", "country", "page")


@method_decorator(cache_public_page(query=STORY_LIST_PARAMETERS), name="dispatch")
class StoryListView(ListView):
    """Public: published stories of consenting officers, oldest batch first, filtered by track, batch,
    country and text. A filter that cannot match (an unknown track or country, a batch that is not a
    number) gives an empty list that says why, never an error page."""

    template_name = "public/story_list.html"
    context_object_name = "stories"
    paginate_by = STORIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        tracks = list(ProgrammeTrack.objects.order_by("first_year", "name"))
        self.form = StoryFilterForm(request.GET, tracks=tracks)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        stories = GraduateStory.objects.public().for_listing().chronological_by_batch()
        if not self.form.is_valid():
            return stories.none()
        data = self.form.cleaned_data
        filters = StoryFilters(
            track=self.form.selected_track,
            batch=data["batch"],
            country=data["country"],
            text=data["q"],
        )
        return filter_stories(stories, filters)

    def paginate_queryset(self, queryset, page_size):
        """A page number past the end shows the last page; one that is not a number, the first."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def render_to_response(self, context, **response_kwargs):
        """Lists for free text, values that match nothing and pages past the end are served but not
        cached: their values have no bound, and each would be an entry of its own."""
        response = super().render_to_response(context, **response_kwargs)
        requested_page = self.request.GET.get(self.page_kwarg)
        if (
            not self.form.is_valid()
            or self.form.cleaned_data["q"]
            or (requested_page is not None and requested_page != str(context["page_obj"].number))
        ):
            keep_out_of_cache(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters_only = self.request.GET.copy()
        filters_only.pop(self.page_kwarg, None)
        page = context["page_obj"]
        context.update(
            page_numbers=list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            ellipsis=page.paginator.ELLIPSIS,
            form=self.form,
            is_filtered=self.form.is_filtered,
            filter_query=filters_only.urlencode(),
        )
        return context


@method_decorator(cache_public_page, name="dispatch")
class StoryDetailView(DetailView):
    """Public: one story, only when `public()` lets it through. Drafts, stories in review, stories
    dated in the future and stories of officers who withdrew consent are 404."""

    template_name = "public/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return for_story_page(GraduateStory.objects.public())

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
    """What the story page shows besides the story itself, read from a story of `for_story_page`."""
    photos = list(story.photos.all())
    # The first photo that has a readable image file represents the story when it is shared.
    shared = next(((photo, image) for photo in photos if (image := story_photo_image(photo))), None)
    return {
        "officer": story.officer,
        "placements": story.officer.attended_placements(),
        "photos": photos,
        "body_html": render_markdown(story.body),
        "milestones": list(CareerMilestone.objects.public().timeline().filter(officer=story.officer_id)),
        "other_stories": other_stories(story),
        "canonical_url": request.build_absolute_uri(story.get_absolute_url()),
        "share_image_url": request.build_absolute_uri(shared[1].src) if shared else "",
        "share_image_alt": shared[0].alt_text if shared else "",
    }


def other_stories(story: GraduateStory) -> list[GraduateStory]:
    """Up to three more public stories: the same graduate's first, then the programme's, oldest batch first."""
    stories = GraduateStory.objects.public().exclude(pk=story.pk).select_related("officer").chronological_by_batch()
    chronological = stories.query.order_by
    return list(
        stories.annotate(
            same_graduate_first=Case(When(officer_id=story.officer_id, then=Value(0)), default=Value(1))
        ).order_by("same_graduate_first", *chronological)[:OTHER_STORIES]
    )

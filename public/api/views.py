"""The API's endpoints (`/api/v1/`). Public: anyone may read them, from any site.

Each reads its records through the same querysets as the public pages: stories through
`GraduateStory.objects.public()`, graduates through `Officer.objects.public()`, a batch's named
graduates through both. A record those rules leave out is a 404 here, exactly as its page is.
"""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView

from batches.models import Activity, Batch, ProgrammeTrack
from core.page_cache import keep_out_of_cache
from officers.models import CareerMilestone, GraduateStory, Officer, Placement, batch_graduate_count
from officers.models.placements import graduated
from officers.models.story_translations import with_translation
from public.api.base import PublicApiMixin
from public.api.filters import graduates_matching, stories_matching
from public.api.languages import StoryLanguageMixin
from public.api.pagination import ApiPagination
from public.api.programme_serializers import BatchDetailSerializer, BatchSerializer, TrackSerializer
from public.api.schema import (
    GRADUATE_FILTERS,
    LANGUAGE,
    LIMIT_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    STORY_FILTERS,
    STORY_RECORD_ERRORS,
)
from public.api.serializers import (
    GraduateDetailSerializer,
    GraduateSerializer,
    StoryDetailSerializer,
    StorySerializer,
)
from public.story_filters import NEWEST_FIRST
from public.views.stories import for_story_page


@extend_schema(parameters=[*STORY_FILTERS, *LANGUAGE], responses={200: StorySerializer(many=True), **LIST_ERRORS})
class StoryList(StoryLanguageMixin, PublicApiMixin, ListAPIView):
    """Published stories of consenting graduates, newest first (`order=batch`: by batch, oldest
    first), filtered by track, batch, country and text (`q`, by relevance), each in the language
    asked for where translated."""

    serializer_class = StorySerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        return self.translated(for_story_page(GraduateStory.objects.public()))

    def filter_queryset(self, queryset):
        return stories_matching(queryset, self.request.query_params)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if request.query_params.get("q", "").strip():
            # Free text has no bound: each search would be a cache entry of its own.
            keep_out_of_cache(response)
        return response


@extend_schema(parameters=LANGUAGE, responses={200: StoryDetailSerializer, **STORY_RECORD_ERRORS})
class StoryDetail(StoryLanguageMixin, PublicApiMixin, RetrieveAPIView):
    """One public story, with its whole text and its photos, in the language asked for where translated."""

    serializer_class = StoryDetailSerializer
    lookup_field = "slug"
    not_found_message = _("No published story has this address.")

    def get_queryset(self):
        return self.translated(for_story_page(GraduateStory.objects.public()))


def public_graduates():
    """Graduates with a public profile, by name, with their placements, batches, tracks and divisions."""
    return Officer.objects.public().with_placements().order_by("full_name", "pk")


@extend_schema(parameters=GRADUATE_FILTERS, responses={200: GraduateSerializer(many=True), **LIST_ERRORS})
class GraduateList(PublicApiMixin, ListAPIView):
    """Graduates who consented to a public profile, by name, filtered by country, track and batch
    (a graduate of a batch completed it)."""

    serializer_class = GraduateSerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        return public_graduates()

    def filter_queryset(self, queryset):
        return graduates_matching(queryset, self.request.query_params)


@extend_schema(parameters=LANGUAGE, responses={200: GraduateDetailSerializer, **STORY_RECORD_ERRORS})
class GraduateDetail(StoryLanguageMixin, PublicApiMixin, RetrieveAPIView):
    """One graduate's public profile: programme, bio, checked career steps and public stories, each
    story in the language asked for where translated."""

    serializer_class = GraduateDetailSerializer
    lookup_field = "slug"
    not_found_message = _("No graduate with a public profile has this address.")

    def get_queryset(self):
        return public_graduates().prefetch_related(
            Prefetch("milestones", queryset=CareerMilestone.objects.public().timeline(), to_attr="public_milestones"),
            Prefetch(
                "stories",
                # No captions: the profile names its stories without their photos.
                queryset=with_translation(GraduateStory.objects.public().order_by(*NEWEST_FIRST), self.language),
                to_attr="public_stories",
            ),
        )


def tracks_with_counts():
    """Tracks with their pillars, their batches on record and the people who graduated in them."""
    return (
        ProgrammeTrack.objects.annotate(
            batch_count=Count("batches", distinct=True),
            graduate_count=Count(
                "batches__placements__officer", filter=graduated("batches__placements__"), distinct=True
            ),
        )
        .prefetch_related("pillars")
        .order_by("first_year", "name")
    )


@extend_schema(responses={200: TrackSerializer(many=True), **LIMIT_ERRORS})
class TrackList(PublicApiMixin, ListAPIView):
    """The programme's tracks, oldest first: a short list, not paginated."""

    serializer_class = TrackSerializer

    def get_queryset(self):
        return tracks_with_counts()


@extend_schema(responses={200: TrackSerializer, **RECORD_ERRORS})
class TrackDetail(PublicApiMixin, RetrieveAPIView):
    """One track, with its pillars, funder, work plan and figures."""

    serializer_class = TrackSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "track"
    not_found_message = _("There is no programme track with this address.")

    def get_queryset(self):
        return tracks_with_counts()


@extend_schema(responses={200: BatchSerializer(many=True), **LIST_ERRORS})
class BatchList(PublicApiMixin, ListAPIView):
    """A track's batches, by number. Their graduate counts include graduates without a public profile."""

    serializer_class = BatchSerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        return Batch.objects.with_track().annotate(graduate_count=batch_graduate_count()).order_by("number")

    def filter_queryset(self, queryset):
        track = ProgrammeTrack.objects.filter(slug=self.kwargs["track"]).first()
        if track is None:
            raise NotFound(TrackDetail.not_found_message)
        return queryset.filter(track=track)


@extend_schema(responses={200: BatchDetailSerializer, **RECORD_ERRORS})
class BatchDetail(PublicApiMixin, RetrieveAPIView):
    """One batch: its dates and status, activities, and the graduates who have a public profile."""

    serializer_class = BatchDetailSerializer
    not_found_message = _("This track has no batch with this number.")

    def get_object(self):
        graduations = (
            Placement.objects.graduates()
            .filter(officer__in=Officer.objects.public())
            .select_related("officer", "division")
            .order_by("officer__full_name", "pk")
        )
        batches = (
            Batch.objects.with_track()
            .annotate(graduate_count=batch_graduate_count())
            .prefetch_related(
                Prefetch("activities", queryset=Activity.objects.order_by("start_date", "title")),
                Prefetch("placements", queryset=graduations, to_attr="public_graduations"),
            )
        )
        batch = batches.filter(track__slug=self.kwargs["track"], number=self.kwargs["number"]).first()
        if batch is None:
            raise NotFound(self.not_found_message)
        return batch

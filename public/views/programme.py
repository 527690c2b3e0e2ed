"""The programme's public pages: its tracks, a track's batches, and one batch."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView

from batches.models import Activity, Batch, ProgrammeTrack
from core.page_cache import cache_public_page
from officers.models import GraduateStory, Officer, Placement, batch_graduate_count
from public.batch_pages import BatchPages
from public.figures import graduates_per_track


@method_decorator(cache_public_page, name="dispatch")
class TrackListView(ListView):
    """Public: the programme's tracks with their pillars, funder, work plan and figures."""

    template_name = "public/track_list.html"
    context_object_name = "tracks"

    def get_queryset(self):
        graduates = graduates_per_track()
        tracks = list(
            ProgrammeTrack.objects.annotate(batch_count=Count("batches"))
            .prefetch_related("pillars")
            .order_by("first_year", "name")
        )
        for track in tracks:
            track.graduate_count = graduates.get(track.slug, 0)
        return tracks


@method_decorator(cache_public_page, name="dispatch")
class TrackDetailView(DetailView):
    """Public: one track and its batches with their status and graduate counts (counts include
    graduates without public profiles, who are not named). An unknown track is 404."""

    template_name = "public/track_detail.html"
    context_object_name = "track"
    slug_url_kwarg = "track"

    def get_queryset(self):
        return ProgrammeTrack.objects.prefetch_related("pillars")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batches = list(
            self.object.batches.annotate(graduate_count=batch_graduate_count())
            .annotate(activity_count=Count("activities", distinct=True))
            .order_by("number")
        )
        pages = BatchPages()
        for batch in batches:
            batch.page_url = pages.url(self.object.slug, batch.number)
        context["batches"] = batches
        return context


@method_decorator(cache_public_page, name="dispatch")
class BatchDetailView(DetailView):
    """Public: one batch, its activities, and those of its graduates who consented to a public
    profile. An unknown track or batch number is 404."""

    template_name = "public/batch_detail.html"
    context_object_name = "batch"

    def get_object(self, queryset=None):
        batches = (
            Batch.objects.with_track()
            .annotate(graduate_count=batch_graduate_count())
            .prefetch_related(Prefetch("activities", queryset=Activity.objects.order_by("start_date", "title")))
        )
        return get_object_or_404(batches, track__slug=self.kwargs["track"], number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        graduates = list(
            Placement.objects.graduates()
            .filter(batch=batch, officer__in=Officer.objects.public())
            .select_related("officer", "division")
            .order_by("officer__full_name")
        )
        stories = GraduateStory.objects.public().filter(officer__in=[p.officer_id for p in graduates])
        story_by_officer = {}
        for story in stories.order_by("published_on", "id"):
            story_by_officer.setdefault(story.officer_id, story)
        around = Batch.objects.with_track().filter(track=batch.track, number__in=[batch.number - 1, batch.number + 1])
        neighbours = {neighbour.number: neighbour for neighbour in around}
        context.update(
            activities=list(batch.activities.all()),
            graduates=[{"placement": p, "story": story_by_officer.get(p.officer_id)} for p in graduates],
            previous_batch=neighbours.get(batch.number - 1),
            next_batch=neighbours.get(batch.number + 1),
        )
        return context

"""The graduates directory and a graduate's public profile: only officers that `Officer.objects.public()`
lets through."""

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from core.page_cache import cache_public_page
from officers.models import CareerMilestone, GraduateStory, Officer, Placement
from officers.models.people import OfficerQuerySet
from officers.models.story_translations import with_translation
from public.graduate_filters import filter_graduates
from public.list_filters import ProgrammeFilterForm, tracks_with_batches
from public.paged_lists import FilteredPagesMixin
from public.story_filters import NEWEST_FIRST

GRADUATES_PER_PAGE = 24
# The filters the directory reads, in the order its empty result offers to remove them.
FILTER_NAMES = ("country", "track", "batch")
# The query parameters the directory reads: its filters and the page number.
GRADUATE_LIST_PARAMETERS = (*FILTER_NAMES, "page")


def for_cards(officers: OfficerQuerySet) -> OfficerQuerySet:
    """Officers with what a graduate card shows: their placements with batches and tracks, and the
    career steps a public page may show (the last is where they are now): two more queries."""
    return officers.with_placements().prefetch_related(
        Prefetch("milestones", queryset=CareerMilestone.objects.public().timeline(), to_attr="public_milestones")
    )


@method_decorator(cache_public_page(query=GRADUATE_LIST_PARAMETERS), name="dispatch")
class GraduateListView(FilteredPagesMixin, ListView):
    """Public: the graduates who consented to a public profile, by name, filtered by country, track
    and batch. A filter that cannot match gives an empty list that says why, never an error page."""

    template_name = "public/graduate_list.html"
    context_object_name = "graduates"
    paginate_by = GRADUATES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.form = ProgrammeFilterForm(request.GET, tracks=tracks_with_batches())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        graduates = for_cards(Officer.objects.public().order_by("full_name", "pk"))
        if not self.form.is_valid():
            return graduates.none()
        data = self.form.cleaned_data
        return filter_graduates(
            graduates, country=data["country"], track=self.form.selected_track, batch=data["batch"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["removals"] = self.filter_removals(FILTER_NAMES)
        return context


@method_decorator(cache_public_page, name="dispatch")
class GraduateDetailView(DetailView):
    """Public: a consenting graduate's batches, divisions, career and stories. Officers without
    consent, or who have not graduated, are 404. Contact details are never shown."""

    template_name = "public/graduate_detail.html"
    context_object_name = "officer"

    def get_queryset(self):
        return Officer.objects.public().with_placements().select_related("home_organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        officer = self.object
        placements = officer.attended_placements()
        milestones = list(CareerMilestone.objects.public().timeline().filter(officer=officer))
        supervisors = public_supervisors(placements)
        context.update(
            attachments=[
                {"placement": placement, "public_supervisor": supervisors.get(placement.supervisor_id)}
                for placement in placements
            ],
            milestones=milestones,
            latest_milestone=milestones[-1] if milestones else None,
            stories=list(
                with_translation(GraduateStory.objects.public().filter(officer=officer), get_language()).order_by(
                    *NEWEST_FIRST
                )
            ),
            supervised=list(
                Placement.objects.attended()
                .chronological()
                .filter(supervisor=officer, officer__in=Officer.objects.public())
                .select_related("officer")
            ),
            canonical_url=self.request.build_absolute_uri(officer.get_absolute_url()),
        )
        return context


def public_supervisors(placements: list[Placement]) -> dict[int, Officer]:
    """Supervisors who are themselves public graduates, by id: only they are named on a public page."""
    ids = {placement.supervisor_id for placement in placements if placement.supervisor_id}
    if not ids:
        return {}
    return {supervisor.pk: supervisor for supervisor in Officer.objects.public().filter(pk__in=ids)}

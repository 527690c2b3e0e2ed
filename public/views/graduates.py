"""A graduate's public profile. Only officers that `Officer.objects.public()` lets through."""

from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from core.page_cache import cache_public_page
from officers.models import CareerMilestone, GraduateStory, Officer, Placement


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
            stories=list(GraduateStory.objects.public().filter(officer=officer).order_by("-published_on", "-id")),
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

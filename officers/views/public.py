"""Public pages: anyone may see them, and they show only what `public()` lets through."""

from django.views.generic import TemplateView

from officers.models import GraduateStory
from officers.statistics import headline_figures


class HomeView(TemplateView):
    """Public: what the programme is, its figures, and the latest public stories."""

    template_name = "officers/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = headline_figures()
        context["latest_stories"] = GraduateStory.objects.public().for_listing().order_by("-published_on", "-id")[:3]
        return context

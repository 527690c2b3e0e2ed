"""The home page. The other public pages live beside it (stories, graduates, statistics, site);
every one shows only what `public()` lets through and is served from the page cache to visitors."""

from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import TemplateView

from core.page_cache import cache_public_page
from officers.models import GraduateStory
from officers.models.story_translations import with_translation
from public.figures import headline_figures
from public.story_filters import NEWEST_FIRST

LATEST_STORIES = 3


@method_decorator(cache_public_page, name="dispatch")
class HomeView(TemplateView):
    """Public: what the programme is, its figures from the records beside those its sources reported,
    and the latest public stories."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = headline_figures()
        context["latest_stories"] = with_translation(
            GraduateStory.objects.public().for_listing(), get_language()
        ).order_by(*NEWEST_FIRST)[:LATEST_STORIES]
        return context

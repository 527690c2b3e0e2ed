"""A member state's page: its consenting graduates, its public stories and its figures."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import TemplateView

from core.once_per_change import once_per_change
from core.page_cache import cache_public_page
from officers.countries import Country
from officers.models import GraduateStory, Officer
from officers.models.story_translations import with_translation
from public.country_figures import country_figures
from public.graduate_filters import filter_graduates
from public.story_filters import NEWEST_FIRST, StoryFilters, filter_stories
from public.views.graduates import for_cards

# The page shows the first of each; the directory and the stories list show them all.
GRADUATES_SHOWN = 12
STORIES_SHOWN = 6


@method_decorator(cache_public_page, name="dispatch")
class CountryDetailView(TemplateView):
    """Public: one of the four member states, addressed by its ISO code in lower case (`/countries/vn/`).
    An upper-case code redirects to the lower-case address; any other code is 404."""

    template_name = "public/country_detail.html"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code.upper() not in Country.values:
            raise Http404("No member state has this code.")
        if code != code.lower():
            return redirect("public:country-detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = Country(self.kwargs["code"].upper())
        graduates = filter_graduates(for_cards(Officer.objects.public().order_by("full_name", "pk")), country=country)
        stories = filter_stories(
            with_translation(GraduateStory.objects.public().for_listing(), get_language()).order_by(*NEWEST_FIRST),
            StoryFilters(country=country),
        )
        context.update(
            country=country,
            graduates=list(graduates[:GRADUATES_SHOWN]),
            # Counting every graduate and story of the country is most of the page's SQL: once per
            # change of the records or of the date (a story counts from the day it is dated).
            graduate_count=once_per_change(f"country-graduates:{country}", graduates.count),
            stories=list(stories[:STORIES_SHOWN]),
            story_count=once_per_change(f"country-stories:{country}", stories.count),
            figures=country_figures(country),
            canonical_url=self.request.build_absolute_uri(self.request.path),
        )
        return context

"""How to take part: for ministries and officers, how nominations reach the programme, who nominates
in each member state, and where to write."""

from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from batches.models import ProgrammeTrack
from core.page_cache import cache_public_page
from officers.countries import Country
from officers.models import Organisation


@method_decorator(cache_public_page, name="dispatch")
class TakePartView(TemplateView):
    """Public: how nominations work, the organisations that nominate in each CLMV country (their names
    only: a focal point's name, email and phone never reach the public) and each track's contact
    address as staff set it. Two queries: the tracks, the nominating organisations."""

    template_name = "public/take_part.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            tracks=list(ProgrammeTrack.objects.order_by("first_year", "name")),
            nominating_countries=nominating_organisations_by_country(),
        )
        return context


def nominating_organisations_by_country() -> list[tuple[str, list[Organisation]]]:
    """Each CLMV country with the organisations that have a nominating focal point, by name."""
    organisations = (
        Organisation.objects.filter(focal_points__isnull=False, country__in=Country.values)
        .distinct()
        .only("name", "country")
        .order_by("name")
    )
    by_country: dict[str, list[Organisation]] = {code: [] for code in Country.values}
    for organisation in organisations:
        by_country[organisation.country].append(organisation)
    return [(Country(code).label, found) for code, found in by_country.items()]

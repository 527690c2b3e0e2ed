"""`/api/`: the page that tells people how to use the API (the schema at `/api/schema/` tells programs)."""

import json
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from public.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from public.api.throttling import PERIODS, PerAddressRateThrottle


@dataclass(frozen=True)
class Endpoint:
    url_name: str
    # An address of this endpoint to show and link, built from these arguments.
    arguments: dict
    description: Promise
    query: str = ""

    @property
    def path(self) -> str:
        return reverse(self.url_name, kwargs=self.arguments) + (f"?{self.query}" if self.query else "")


ENDPOINTS = [
    Endpoint("api:v1:story-list", {}, _("Published stories, newest first; filters below."), "country=VN"),
    Endpoint("api:v1:story-detail", {"slug": "hoang-quoc-trung"}, _("One story, with its whole text and photos.")),
    Endpoint(
        "api:v1:graduate-list", {}, _("Graduates with a public profile, by name; filters below."), "track=aec-ascc"
    ),
    Endpoint(
        "api:v1:graduate-detail",
        {"slug": "hoang-quoc-trung"},
        _("One graduate: batches, division, bio, career steps and stories."),
    ),
    Endpoint("api:v1:track-list", {}, _("The programme’s tracks, with their batches and graduates counted.")),
    Endpoint("api:v1:track-detail", {"track": "junior-diplomats"}, _("One track.")),
    Endpoint(
        "api:v1:batch-list", {"track": "junior-diplomats"}, _("A track’s batches, by number, with their status.")
    ),
    Endpoint(
        "api:v1:batch-detail",
        {"track": "junior-diplomats", "number": 13},
        _("One batch: its dates, activities and graduates with a public profile."),
    ),
    Endpoint("api:v1:country-list", {}, _("Cambodia, Lao PDR, Myanmar and Viet Nam, with their figures.")),
    Endpoint("api:v1:figures", {}, _("The figures from the records, beside the figures sources reported.")),
]

# The example the page shows, as the seeded programme answers it (`ORIGIN` becomes the site's own).
# tests/test_api_about.py checks that it has the fields and the values a real answer has.
ORIGIN = "https://portal.example"
EXAMPLE_REQUEST = "/api/v1/tracks/junior-diplomats/batches/?page=13&page_size=1"
EXAMPLE_RESPONSE = {
    "count": 16,
    "next": f"{ORIGIN}/api/v1/tracks/junior-diplomats/batches/?page=14&page_size=1",
    "previous": f"{ORIGIN}/api/v1/tracks/junior-diplomats/batches/?page=12&page_size=1",
    "results": [
        {
            "track": "junior-diplomats",
            "number": 13,
            "name": "13th Batch",
            "label": "13th Batch, 2014-2015",
            "start": {"iso": "2014", "precision": "year", "display": "2014"},
            "end": {"iso": "2015", "precision": "year", "display": "2015"},
            "status": "completed",
            "status_label": "Completed",
            "graduate_count": 1,
            "url": f"{ORIGIN}/programme/junior-diplomats/13/",
            "api_url": f"{ORIGIN}/api/v1/tracks/junior-diplomats/batches/13/",
        }
    ],
}


class ApiAboutView(TemplateView):
    """Public: what the API offers and how to use it. No query: nothing on it comes from the records."""

    template_name = "public/api_about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limit = PerAddressRateThrottle()
        context.update(
            endpoints=ENDPOINTS,
            schema_url=self.request.build_absolute_uri(reverse("api:schema")),
            page_size=PAGE_SIZE,
            max_page_size=MAX_PAGE_SIZE,
            rate_requests=limit.num_requests,
            rate_period=PERIODS[limit.duration],
            example_request=EXAMPLE_REQUEST,
            example_response=json.dumps(EXAMPLE_RESPONSE, indent=2, ensure_ascii=False).replace(
                ORIGIN, self.request.build_absolute_uri("/").rstrip("/")
            ),
        )
        return context

"""The API's addresses: the page describing it, its OpenAPI schema, and version 1. Public, all of them.

Every endpoint is cached with the public pages (`endpoint`), for the query parameters it reads.
"""

from django.urls import include, path, re_path

from core.page_cache import cache_public_page
from public.api.about import ApiAboutView
from public.api.base import NoSuchAddress, endpoint
from public.api.countries import CountryList
from public.api.figures import Figures
from public.api.filters import GRADUATE_PARAMETERS, STORY_PARAMETERS
from public.api.languages import LANGUAGE_PARAMETERS
from public.api.pagination import PAGE_PARAMETERS
from public.api.schema_view import SchemaView
from public.api.views import (
    BatchDetail,
    BatchList,
    GraduateDetail,
    GraduateList,
    StoryDetail,
    StoryList,
    TrackDetail,
    TrackList,
)

app_name = "api"

v1 = (
    [
        path(
            "stories/",
            endpoint(StoryList, query=STORY_PARAMETERS + PAGE_PARAMETERS + LANGUAGE_PARAMETERS),
            name="story-list",
        ),
        path("stories/<slug:slug>/", endpoint(StoryDetail, query=LANGUAGE_PARAMETERS), name="story-detail"),
        path("graduates/", endpoint(GraduateList, query=GRADUATE_PARAMETERS + PAGE_PARAMETERS), name="graduate-list"),
        path("graduates/<slug:slug>/", endpoint(GraduateDetail, query=LANGUAGE_PARAMETERS), name="graduate-detail"),
        path("tracks/", endpoint(TrackList), name="track-list"),
        path("tracks/<slug:track>/", endpoint(TrackDetail), name="track-detail"),
        path("tracks/<slug:track>/batches/", endpoint(BatchList, query=PAGE_PARAMETERS), name="batch-list"),
        path("tracks/<slug:track>/batches/<int:number>/", endpoint(BatchDetail), name="batch-detail"),
        path("countries/", endpoint(CountryList), name="country-list"),
        path("figures/", endpoint(Figures), name="figures"),
    ],
    "v1",
)

urlpatterns = [
    path("", cache_public_page(ApiAboutView.as_view()), name="about"),
    path("schema/", endpoint(SchemaView), name="schema"),
    path("v1/", include(v1)),
    # Unnamed, so it is no public page of its own: every other address ending in "/" under /api/
    # (one without the slash is redirected to it first), whatever characters it holds, newlines
    # included, is answered in JSON too.
    re_path(r"^[\s\S]*/$", NoSuchAddress.as_view()),
]

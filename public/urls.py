"""The public site: no login, the same page for every visitor (so each view may be cached whole)."""

from django.urls import path

from core.page_cache import cache_public_page
from public.feeds import LatestStoriesFeed
from public.views.countries import CountryDetailView
from public.views.feed_about import FeedAboutView
from public.views.graduates import GraduateDetailView, GraduateListView
from public.views.home import HomeView
from public.views.programme import BatchDetailView, TrackDetailView, TrackListView
from public.views.site import robots_txt, sitemap_index, sitemap_section
from public.views.statistics import StatisticsView
from public.views.stories import StoryDetailView, StoryListView
from public.views.take_part import TakePartView

app_name = "public"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("stories/", StoryListView.as_view(), name="story-list"),
    path("stories/<slug:slug>/", StoryDetailView.as_view(), name="story-detail"),
    path("graduates/", GraduateListView.as_view(), name="graduate-list"),
    path("graduates/<slug:slug>/", GraduateDetailView.as_view(), name="graduate-detail"),
    # Any case reaches the view, which redirects an upper-case code to the lower-case address.
    path("countries/<str:code>/", CountryDetailView.as_view(), name="country-detail"),
    path("programme/", TrackListView.as_view(), name="track-list"),
    path("programme/<slug:track>/", TrackDetailView.as_view(), name="track-detail"),
    path("programme/<slug:track>/<int:number>/", BatchDetailView.as_view(), name="batch-detail"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("take-part/", TakePartView.as_view(), name="take-part"),
    path("feed/", cache_public_page(LatestStoriesFeed()), name="feed"),
    path("feed/about/", FeedAboutView.as_view(), name="feed-about"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
]

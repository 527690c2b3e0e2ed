"""The public pages of the officers app: stories, graduates, statistics, feed, sitemap, robots.txt."""

from django.urls import path

from officers.cache import cache_public_page
from officers.feeds import LatestStoriesFeed
from officers.views.graduates import GraduateDetailView
from officers.views.site import robots_txt, sitemap_xml
from officers.views.statistics import StatisticsView
from officers.views.stories import StoryDetailView, StoryListView

app_name = "officers"

urlpatterns = [
    path("stories/", StoryListView.as_view(), name="story-list"),
    path("stories/<slug:slug>/", StoryDetailView.as_view(), name="story-detail"),
    path("graduates/<slug:slug>/", GraduateDetailView.as_view(), name="graduate-detail"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("feed/", cache_public_page(LatestStoriesFeed()), name="feed"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]

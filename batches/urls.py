"""The programme's public pages, under /programme/."""

from django.urls import path

from batches.views import BatchDetailView, TrackDetailView, TrackListView

app_name = "batches"

urlpatterns = [
    path("", TrackListView.as_view(), name="track-list"),
    path("<slug:track>/", TrackDetailView.as_view(), name="track-detail"),
    path("<slug:track>/<int:number>/", BatchDetailView.as_view(), name="batch-detail"),
]

"""URL map. Every view says who may see it; the public pages are the ones DESIGN.md lists."""

from django.contrib import admin
from django.urls import include, path

from attachment_portal import health
from officers.views.public import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("officers.urls")),
    path("programme/", include("batches.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

"""An officer's own pages. No pattern takes an officer id: each view serves the signed-in officer."""

from django.urls import path

from officers.views import my

app_name = "my"

urlpatterns = [
    path("", my.dashboard, name="dashboard"),
    path("profile/", my.edit_profile, name="edit-profile"),
    path("consent/", my.consent, name="consent"),
]

"""An officer's own pages. No pattern takes an officer id: each view serves the signed-in officer, and
the placement and report ids are only looked up among that officer's own."""

from django.urls import path

from officers.views import my, my_attachment

app_name = "my"

urlpatterns = [
    path("", my.dashboard, name="dashboard"),
    path("profile/", my.edit_profile, name="edit-profile"),
    path("consent/", my.consent, name="consent"),
    path("placements/<int:pk>/objectives/", my_attachment.objectives, name="objectives"),
    path("reports/", my_attachment.report_list, name="report-list"),
    path("reports/<int:pk>/", my_attachment.report, name="report"),
]

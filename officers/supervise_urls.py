"""A supervisor's pages. The ids in these paths are only looked up among the placements the signed-in
supervisor supervises and their reports (officers.views.supervise)."""

from django.urls import path

from officers.views import supervise

app_name = "supervise"

urlpatterns = [
    path("", supervise.home, name="home"),
    path("placements/<int:pk>/", supervise.placement_detail, name="placement"),
    path("placements/<int:pk>/objectives/agree/", supervise.agree, name="agree-objectives"),
    path("placements/<int:pk>/objectives/return/", supervise.return_for_changes, name="return-objectives"),
    path("reports/<int:pk>/", supervise.report_detail, name="report"),
    path("reports/<int:pk>/return/", supervise.return_report_view, name="return-report"),
    path("reports/<int:pk>/sign-off/", supervise.sign_off, name="sign-off-report"),
]

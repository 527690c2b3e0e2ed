"""The secretariat's workspace: Django's admin, named for whose it is, with the work waiting for each
role above its models, the models in the order staff work through them and the funder's report beside
them."""

from functools import partial
from typing import cast

from django.contrib import admin
from django.urls import path, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# Apps, then models within each, in the order staff reach for them; anything else follows.
APP_ORDER = ["batches", "officers", "reports", "auth", "axes", "otp_totp"]
MODEL_ORDER = {
    "batches": ["ProgrammeTrack", "Batch", "Division", "Activity", "Pillar"],
    "officers": [
        "Officer",
        "Placement",
        "CareerMilestone",
        "GraduateStory",
        "StoryPhoto",
        "Organisation",
        "CallForNominations",
        "Nomination",
        "FocalPoint",
    ],
}
# Sign-in records are for whoever runs the site, not the Secretariat's work: listed for superusers only.
SUPERUSER_ONLY_APPS = {"axes"}


def _position(order: list[str], key: str) -> tuple[int, str]:
    return (order.index(key) if key in order else len(order), key)


class PortalAdminSite(admin.AdminSite):
    site_header = _("ASEAN Secretariat · Attachment Programme")
    site_title = _("Attachment Programme admin")
    index_title = _("Secretariat workspace")
    # The home page and the breadcrumbs lead to every list; the sidebar took a fifth of the screen from each.
    enable_nav_sidebar = False

    def get_urls(self) -> list:
        from public.story_preview import story_preview_view
        from reports.admin_views import funder_report_view, placements_file_view

        return [
            # A story's public page before it is public (the story's own admin links to it).
            path(
                "officers/graduatestory/<path:object_id>/preview/",
                self.admin_view(lambda request, object_id: story_preview_view(request, object_id, self)),
                name="officers_graduatestory_preview",
            ),
            path(
                "reports/funder/",
                self.admin_view(lambda request: funder_report_view(request, self)),
                name="funder_report",
            ),
            path(
                "reports/placements/",
                self.admin_view(lambda request: placements_file_view(request, self)),
                name="placements_file",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from reports.dashboard import work_waiting

        return super().index(request, {"dashboard": work_waiting(request, self), **(extra_context or {})})

    def get_app_list(self, request, app_label=None) -> list[dict]:
        # Django asks for this list on every admin page (`available_apps`, for the sidebar switched off
        # above), and building it checks permissions and reverses addresses for every model: 4-5 ms a
        # page. Only the home page and an app's page show it, so it is built when first read.
        return cast(list[dict], SimpleLazyObject(partial(self._ordered_app_list, request, app_label)))

    def _ordered_app_list(self, request, app_label: str | None) -> list[dict]:
        apps = super().get_app_list(request, app_label)
        if app_label is None:
            if not request.user.is_superuser:
                apps = [app for app in apps if app["app_label"] not in SUPERUSER_ONLY_APPS]
            apps += self._reports_section(request)
        for app in apps:
            order = MODEL_ORDER.get(app["app_label"], [])
            app["models"].sort(key=lambda model: _position(order, model["object_name"]))
        return sorted(apps, key=lambda app: _position(APP_ORDER, app["app_label"]))

    def _reports_section(self, request) -> list[dict]:
        from reports.admin_views import may_see_reports

        if not may_see_reports(request):
            return []
        url = reverse("admin:funder_report", current_app=self.name)
        return [
            {
                "name": _("Reports"),
                "app_label": "reports",
                "app_url": url,
                "has_module_perms": True,
                "models": [
                    {
                        "name": _("Funder's report"),
                        "object_name": "FundersReport",
                        "admin_url": url,
                        "add_url": None,
                        "view_only": True,
                        "perms": {"view": True},
                    }
                ],
            }
        ]

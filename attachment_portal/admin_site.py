"""The secretariat's workspace: Django's admin, named for whose it is."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("ASEAN Secretariat · Attachment Programme")
    site_title = _("Attachment Programme admin")
    index_title = _("Secretariat workspace")

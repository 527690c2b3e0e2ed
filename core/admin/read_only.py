"""Admin pages for records that are written elsewhere (by a service, a command, the people's own pages)
and only read here."""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

# The mixins are only ever mixed into model admins, the second into the portal's, which keep history:
# type-check them as such.
if TYPE_CHECKING:
    from core.admin.base import PortalModelAdmin

    _ModelAdminBase = admin.ModelAdmin
    _HistoryAdminBase = PortalModelAdmin
else:
    _ModelAdminBase = _HistoryAdminBase = object


class ReadOnlyAdminMixin(_ModelAdminBase):
    """Nobody adds, changes or deletes these records here, whatever their permissions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyHistoryMixin(_HistoryAdminBase):
    """An old version's page saves whatever is posted to it, whatever the reader's permissions (a record
    deleted meanwhile has no record to ask them about): here it is only read, never saved back."""

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

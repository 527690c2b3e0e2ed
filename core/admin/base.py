"""What every page of the secretariat's workspace shares.

- History: every model admin is a `SimpleHistoryAdmin` (who changed what, with revert).
- Concurrency: every edit form, inlines included, carries the version it was opened at, so the
  second of two people editing one record is refused instead of silently overwriting the first.
  An inline row a colleague changed meanwhile is refused too: the page would otherwise save its
  old values back over theirs.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core.admin.shared_choices import SharedChoicesFormSet, SharedLookupAutocompleteSelect
from core.versioning import VersionCheckedForm, VersionedModel

VERSION_FIELD = "opened_version"


def _with_version_field(fieldsets, *, editable: bool) -> list:
    """The fieldsets with the hidden version field in the first one, or nowhere for a read-only page."""
    cleaned = [
        (name, {**options, "fields": [field for field in options["fields"] if field != VERSION_FIELD]})
        for name, options in fieldsets
    ]
    if editable and cleaned:
        name, options = cleaned[0]
        cleaned[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
    return cleaned


# The mixin is only ever mixed into model and inline admins: type-check it as one.
if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
else:
    _AdminBase = object


class VersionedFieldsetsMixin(_AdminBase):
    """Render the version field wherever a form is editable, including with custom fieldsets."""

    def get_fieldsets(self, request: HttpRequest, obj=None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not issubclass(self.form, VersionCheckedForm):
            return fieldsets
        return _with_version_field(fieldsets, editable=self._can_edit(request, obj))

    def _can_edit(self, request: HttpRequest, obj) -> bool:
        if isinstance(self, admin.options.InlineModelAdmin):
            # An inline's permission checks take the parent record as well.
            return self.has_change_permission(request, obj) or self.has_add_permission(request, obj)
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)


class PortalModelAdmin(VersionedFieldsetsMixin, SimpleHistoryAdmin):
    """The base of every model admin in the portal."""

    form = VersionCheckedForm
    object_history_list_template = "admin/portal/object_history_list.html"
    list_per_page = 50

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        # The revert page saves whatever is posted to it, and django-simple-history only checks that
        # the person may *view* the history: saving an old version is a change like any other.
        if request.method not in ("GET", "HEAD") and not self.has_change_permission(
            request, self.get_object(request, unquote(object_id))
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        if obj is not None and isinstance(obj, VersionedModel) and self._is_revert(request):
            # A revert saves an old copy over the current record: it is "opened" at the
            # current version, so only a save made after the revert page was opened is refused.
            current = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
            if current is not None:  # None when recovering a deleted record: nothing to be newer than
                obj.version = current
        return super().get_form(request, obj, change=change, **kwargs)

    def _is_revert(self, request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        opts = self.model._meta
        return bool(match and match.url_name == f"{opts.app_label}_{opts.model_name}_simple_history")


class SharedChoicesMixin(_AdminBase):
    """Inline rows' search-as-you-type choosers read their chosen records once for the whole table."""

    formset: Any = SharedChoicesFormSet

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SharedLookupAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PortalTabularInline(SharedChoicesMixin, VersionedFieldsetsMixin, admin.TabularInline):
    form = VersionCheckedForm
    extra = 0
    show_change_link = True


class PortalStackedInline(SharedChoicesMixin, VersionedFieldsetsMixin, admin.StackedInline):
    form = VersionCheckedForm
    extra = 0
    show_change_link = True

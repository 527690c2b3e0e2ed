"""What every page of the secretariat's workspace shares.

- History: every model admin is a `SimpleHistoryAdmin` (who changed what, with revert).
- Concurrency: every edit form, inlines included, carries the version it was opened at, so the
  second of two people editing one record is refused instead of silently overwriting the first.
  An inline row a colleague changed meanwhile is refused too: the page would otherwise save its
  old values back over theirs.
- Choosers: a record reads in every chooser as its own admin labels it (`core.admin.choosers`), and
  a uniqueness error links to the record already there (`core.admin.unique_conflicts`).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin.accessible_names import AccessibleFieldNamesMixin
from core.admin.choosers import ChooserFieldsMixin, LabelledFiltersMixin, RecordChooserMixin
from core.admin.filters import AutocompleteListFilter
from core.admin.history_values import PortalHistoryValues
from core.admin.shared_choices import SharedChoicesFormSet, SharedLookupAutocompleteSelect
from core.admin.unique_conflicts import with_unique_conflict_links
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


# The mixins are only ever mixed into model and inline admins: type-check them as such.
if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
    _ModelAdminBase = admin.ModelAdmin
else:
    _AdminBase = _ModelAdminBase = object


class UniqueConflictLinksAdminMixin(_AdminBase):
    """Forms, inline rows included, whose uniqueness errors link to the record already there."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.form = with_unique_conflict_links(self.form, self.admin_site)


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


class SortedFirstChangeList(ChangeList):
    """A list whose page is sorted on its own table, then its `list_select_related` records read by
    key for the rows shown. Joined first, PostgreSQL joins every row of the table to every related
    one before it sorts them and keeps fifty: that grows with both tables."""

    def apply_select_related(self, qs: QuerySet) -> QuerySet:
        if isinstance(self.list_select_related, list | tuple):
            return qs.prefetch_related(*self.list_select_related)
        return super().apply_select_related(qs)


class PortalModelAdmin(
    AccessibleFieldNamesMixin,
    RecordChooserMixin,
    ChooserFieldsMixin,
    LabelledFiltersMixin,
    UniqueConflictLinksAdminMixin,
    VersionedFieldsetsMixin,
    SimpleHistoryAdmin,
):
    """The base of every model admin in the portal."""

    form = VersionCheckedForm
    # A web address typed without its scheme ("www.jaif.asean.org/...") is read as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    object_history_list_template = "admin/portal/object_history_list.html"
    object_history_form_template = "admin/portal/object_history_form.html"
    # A screen or two of rows: staff find a record by search and filters, not by scrolling, and each
    # row costs the page about a millisecond of rendering at Django's nine template tags a cell.
    list_per_page = 25

    @property
    def media(self) -> forms.Media:
        media = super().media
        for list_filter in self.list_filter:
            if isinstance(list_filter, type) and issubclass(list_filter, AutocompleteListFilter):
                media += list_filter.media(self, self.model)
        return media

    def action_checkbox(self, obj) -> SafeString:
        # Django renders each row's checkbox through the form widget templates, a tenth of a list
        # page's time at fifty rows: the same markup, written directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record) -> PortalHistoryValues:
        return PortalHistoryValues(self.model, historical_record)

    def _keys_or_404(self, object_id: str, version_id: str = "1") -> None:
        # django-simple-history looks the keys up as they are: an address whose key is no key at all
        # (a path pasted one level too deep, "2/change") would be a server error rather than not found.
        history_model = self.model.history.model
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            history_model._meta.pk.to_python(version_id)
        except ValidationError:
            raise Http404 from None

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        self._keys_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        self._keys_or_404(object_id, version_id)
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


EDIT_ROWS = "edit-rows"


class ListedRowsMixin(_ModelAdminBase):
    """A record's page that lists the rows of its `listed_inlines`, each linking to its own page, and
    draws their tables of choosers on a new record's page and when asked ("Edit these here": the
    page again with `?edit-rows=1`). A row of choosers takes 5 to 10 ms to draw: a batch's fifty
    placements took a third of a second, an officer's few placements and career steps most of theirs.

    The change form's template prints `listed_rows`, each listed inline's rows by model name."""

    listed_inlines: list = []
    # Each admin gives, for a record, each listed inline's rows with the related records the list prints.
    listed_rows: Callable[[Any], dict[type, object]]

    def edits_rows(self, request: HttpRequest) -> bool:
        return EDIT_ROWS in request.GET

    def get_inlines(self, request: HttpRequest, obj=None) -> Any:
        inlines = super().get_inlines(request, obj)
        if obj is None or self.edits_rows(request):
            return inlines
        return [inline for inline in inlines if inline not in self.listed_inlines]

    def render_change_form(self, request: HttpRequest, context: dict, add=False, change=False, form_url="", obj=None):
        if obj is not None and not self.edits_rows(request):
            context.update(self._listed_context(request, obj))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _listed_context(self, request: HttpRequest, obj) -> dict:
        # Listed to those who would have seen the tables, offered for editing to those who could edit them.
        inlines = [inline_class(self.model, self.admin_site) for inline_class in self.listed_inlines]
        rows = self.listed_rows(obj)
        query = request.GET.copy()
        query[EDIT_ROWS] = "1"
        return {
            "listed_rows": {
                inline.opts.model_name: rows[type(inline)]
                for inline in inlines
                if inline.has_view_permission(request, obj)
            },
            "rows_editable": any(
                inline.has_change_permission(request, obj) or inline.has_add_permission(request, obj)
                for inline in inlines
            ),
            "edit_rows_query": query.urlencode(),
        }


class SharedChoicesMixin(ChooserFieldsMixin):
    """Inline rows' search-as-you-type choosers read their chosen records once for the whole table."""

    formset: Any = SharedChoicesFormSet
    autocomplete_widget = SharedLookupAutocompleteSelect


class PortalTabularInline(
    AccessibleFieldNamesMixin,
    SharedChoicesMixin,
    UniqueConflictLinksAdminMixin,
    VersionedFieldsetsMixin,
    admin.TabularInline,
):
    form = VersionCheckedForm
    extra = 0
    show_change_link = True


class PortalStackedInline(
    AccessibleFieldNamesMixin,
    SharedChoicesMixin,
    UniqueConflictLinksAdminMixin,
    VersionedFieldsetsMixin,
    admin.StackedInline,
):
    form = VersionCheckedForm
    extra = 0
    show_change_link = True

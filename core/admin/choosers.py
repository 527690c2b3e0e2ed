"""How a record reads where staff choose it: in a search-as-you-type box, its answers and its chosen
value, a plain list, and a changelist's filter.

A record's `__str__` is what the public pages print ("Ministry of Foreign Affairs"); a chooser may
need more to tell two records apart (the ministries of five countries share that name). The admin
of the chosen model says how its records read in a chooser (`RecordChooserMixin.chooser_label`) and
answers the search box itself, so the answers and the chosen value read alike; every form and
filter of the portal's admin asks it.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.sites import AdminSite
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.forms import Field as FormField
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponseBase
from django.urls import path, reverse

# The mixins are only ever mixed into model and inline admins: type-check them as such.
if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
    _ModelAdminBase = admin.ModelAdmin
else:
    _AdminBase = _ModelAdminBase = object


class RecordChooserMixin(_ModelAdminBase):
    """A model admin that says how its records read in a chooser, and answers the search boxes that
    choose them (at `<model>/autocomplete/`, with Django's search and permission checks)."""

    def chooser_label(self, obj: models.Model) -> str:
        return str(obj)

    def get_urls(self) -> list:
        opts = self.model._meta
        chooser = path(
            "autocomplete/",
            self.admin_site.admin_view(self.autocomplete_view),
            name=f"{opts.app_label}_{opts.model_name}_autocomplete",
        )
        return [chooser, *super().get_urls()]

    def autocomplete_view(self, request: HttpRequest) -> HttpResponseBase:
        return ChooserJsonView.as_view(admin_site=self.admin_site, chooser_admin=self)(request)


class ChooserJsonView(AutocompleteJsonView):
    """Django's autocomplete answers, labelled by the chosen model's admin. It answers only for the
    admin it is served by: another model's records are asked of their own admin."""

    chooser_admin: Any = None

    def process_request(self, request: HttpRequest) -> tuple:
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if model_admin is not self.chooser_admin:
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def serialize_result(self, obj: models.Model, to_field_name: str) -> dict:
        return {**super().serialize_result(obj, to_field_name), "text": self.chooser_admin.chooser_label(obj)}


def record_chooser(admin_site: AdminSite, model: type[models.Model]) -> RecordChooserMixin | None:
    """The admin that answers for `model`'s records in choosers; None for one of Django's own."""
    try:
        model_admin = admin_site.get_model_admin(model)
    except NotRegistered:
        return None
    return model_admin if isinstance(model_admin, RecordChooserMixin) else None


def custom_label(admin_site: AdminSite, model: type[models.Model]) -> Callable[[Any], str] | None:
    """The chooser label of `model`'s records when its admin reads them other than by `__str__`."""
    chooser = record_chooser(admin_site, model)
    if chooser is None or type(chooser).chooser_label is RecordChooserMixin.chooser_label:
        return None
    return chooser.chooser_label


def chooser_label(admin_site: AdminSite, obj: models.Model) -> str:
    label = custom_label(admin_site, type(obj))
    return label(obj) if label else str(obj)


def label_choices(field: FormField | None, admin_site: AdminSite, model: type[models.Model] | None) -> Any:
    """Have a form field choosing `model`'s records (a list or a search box) read them as their admin does."""
    label = custom_label(admin_site, model) if model is not None else None
    if label is not None and isinstance(field, ModelChoiceField):
        field.label_from_instance = label  # type: ignore[assignment]
    return field


class ChooserUrlMixin:
    """A search box that asks the chosen model's own admin, which labels the answers."""

    field: Any
    admin_site: AdminSite

    def get_url(self) -> str:
        chooser = record_chooser(self.admin_site, self.field.remote_field.model)
        if chooser is None:
            return super().get_url()  # type: ignore[misc]
        opts = chooser.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_autocomplete")


class ChooserAutocompleteSelect(ChooserUrlMixin, AutocompleteSelect):
    pass


class ChooserAutocompleteSelectMultiple(ChooserUrlMixin, AutocompleteSelectMultiple):
    pass


class LabelledRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A filter listing the related records as their admin labels them in choosers."""

    def field_choices(self, field, request: HttpRequest, model_admin) -> list:
        return self.labelled(field, model_admin, self.field_admin_ordering(field, request, model_admin))

    def labelled(self, field, model_admin, ordering, limit_choices_to=None) -> list[tuple[Any, str]]:
        # Django's `Field.get_choices()`, with the label in place of `str()`.
        label = custom_label(model_admin.admin_site, field.related_model) or str
        key = field.remote_field.get_related_field().attname
        records = field.related_model._default_manager.complex_filter(limit_choices_to or field.get_limit_choices_to())
        if ordering:
            records = records.order_by(*ordering)
        return [(getattr(record, key), label(record)) for record in records]


class LabelledRelatedOnlyFieldListFilter(LabelledRelatedFieldListFilter, admin.RelatedOnlyFieldListFilter):
    def field_choices(self, field, request: HttpRequest, model_admin) -> list:
        used = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return self.labelled(field, model_admin, ordering, limit_choices_to={"pk__in": used})


LABELLED_FILTERS = {
    admin.RelatedFieldListFilter: LabelledRelatedFieldListFilter,
    admin.RelatedOnlyFieldListFilter: LabelledRelatedOnlyFieldListFilter,
}


class ChooserFieldsMixin(_AdminBase):
    """Forms whose choosers read the chosen records as those records' admins label them, and ask those admins."""

    autocomplete_widget: type[AutocompleteSelect] = ChooserAutocompleteSelect

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = self.autocomplete_widget(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return label_choices(field, self.admin_site, db_field.related_model)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ChooserAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return label_choices(field, self.admin_site, db_field.related_model)


class LabelledFiltersMixin(_ModelAdminBase):
    """A changelist whose filters on relations list the records as their admins label them in choosers."""

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [self._labelled_filter(entry) for entry in super().get_list_filter(request)]

    def _labelled_filter(self, entry: Any) -> Any:
        """A filter on a relation to records labelled by their admin, as a filter that lists them so."""
        if isinstance(entry, list | tuple):
            field_path, filter_class = entry
            if filter_class not in LABELLED_FILTERS:
                return entry
        elif isinstance(entry, str):
            field_path, filter_class = entry, admin.RelatedFieldListFilter
        else:
            return entry
        try:
            field = get_fields_from_path(self.model, field_path)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return entry
        # A forward relation only: Django lists a reverse one's records differently, and none needs it.
        if not isinstance(field, models.Field) or field.related_model is None:
            return entry
        if custom_label(self.admin_site, field.related_model) is None:
            return entry
        return (field_path, LABELLED_FILTERS[filter_class])

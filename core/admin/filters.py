"""A changelist filter for a relation with too many records to list.

Django's related-field filters print every record as a link: two hundred batches were two fifths
of the officers' list's time at 10,000 officers. This one searches for the record as you type,
with the admin's own autocomplete (the search and permission checks of the related record's
admin), and reads only the record already chosen, to show its name.
"""

from abc import ABCMeta, abstractmethod
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class AutocompleteListFilter(admin.SimpleListFilter):
    """Filter through `field_path`, which ends at a foreign key ("placements__batch"), on the
    record chosen in a search-as-you-type box. The related model's admin needs `search_fields`."""

    template = "admin/portal/autocomplete_filter.html"
    field_path = ""

    def __init__(self, request: HttpRequest, params: dict, model, model_admin) -> None:
        super().__init__(request, params, model, model_admin)
        self.request = request
        self.foreign_key = get_fields_from_path(model, self.field_path)[-1]
        related_model = self.foreign_key.related_model
        if not isinstance(related_model, type):
            raise ImproperlyConfigured(f"{self.field_path!r} does not end at a foreign key.")
        self.related_model = related_model
        self.admin_site = model_admin.admin_site
        # The box is a form of its own: it sends the other filters, the search and the order along.
        ignored = {self.parameter_name, PAGE_VAR, ERROR_FLAG}
        self.kept_params = [
            (name, value) for name, values in request.GET.lists() if name not in ignored for value in values
        ]

    @classmethod
    def media(cls, model_admin: admin.ModelAdmin, model) -> forms.Media:
        foreign_key = get_fields_from_path(model, cls.field_path)[-1]
        return AutocompleteSelect(foreign_key, model_admin.admin_site).media

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        # Nothing to list: the choice is made in the search box.
        return []

    def has_output(self) -> bool:
        # The search asks the related record's admin, which answers only those who may view its records.
        related_admin = self.admin_site.get_model_admin(self.related_model)
        return related_admin.has_view_permission(self.request)

    def chosen_records(self) -> QuerySet:
        """The records the box may show as chosen, with whatever their names read."""
        return self.related_model._default_manager.all()

    @cached_property
    def chooser(self) -> str:
        field = forms.ModelChoiceField(
            queryset=self.chosen_records(),
            required=False,
            widget=AutocompleteSelect(
                self.foreign_key,
                self.admin_site,
                attrs={"aria-label": self.title, "id": f"{self.parameter_name}-filter"},
            ),
        )
        return field.widget.render(self.parameter_name, self.value())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        try:
            return queryset.filter(**{self.field_path: self.value()}).distinct()
        except (ValueError, ValidationError) as error:
            # As Django's own filters do: the list opens unfiltered, saying the address was wrong.
            raise IncorrectLookupParameters(error) from error

    def choices(self, changelist) -> Any:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }


class YearListFilter(admin.SimpleListFilter, metaclass=ABCMeta):
    """Filter on the year of the date at `field_path`, newest first, the years given by `years()`.

    Django's date hierarchy reads the years to offer from the listed rows themselves, a DISTINCT
    over every row (and its join): 20 ms for 10,000 placements by their batch's start. A filter
    reads them from wherever is cheapest."""

    title = _("year")
    parameter_name = "year"
    field_path = ""

    @abstractmethod
    def years(self) -> list[int]:
        """The years to offer."""

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(str(year), str(year)) for year in sorted(set(self.years()), reverse=True)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        year = self.value()
        if not year:
            return queryset
        if not year.isdigit():
            raise IncorrectLookupParameters(f"Not a year: {year!r}")
        return queryset.filter(**{f"{self.field_path}__year": int(year)})

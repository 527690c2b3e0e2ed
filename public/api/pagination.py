"""Page-number pagination for the API's lists: `?page=2&page_size=50`, at most MAX_PAGE_SIZE a page.

Stricter than DRF's own, which quietly falls back to the first page or the default size on a value
it cannot read: here a value that is not a whole number in range is a 400 that says what to send,
and a page past the end is a 404 that says how many pages there are.
"""

from django import forms
from django.core.paginator import EmptyPage
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGE_PARAMETERS = ("page", "page_size")


PAGE_MESSAGE = _("A page is given by its number, from 1.")
PAGE_SIZE_MESSAGE = format_lazy(_("The page size is a number of records, from 1 to {limit}."), limit=MAX_PAGE_SIZE)


class PageForm(forms.Form):
    page = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": PAGE_MESSAGE, "min_value": PAGE_MESSAGE}
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), PAGE_SIZE_MESSAGE),
    )


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        form = PageForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        self.request = request
        paginator = self.django_paginator_class(queryset, form.cleaned_data["page_size"] or self.page_size)
        number = form.cleaned_data["page"] or 1
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            pages = paginator.num_pages
            raise NotFound(
                ngettext(
                    "There is no page %(number)d: this list has %(pages)d page.",
                    "There is no page %(number)d: this list has %(pages)d pages.",
                    pages,
                )
                % {"number": number, "pages": pages}
            ) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE}}
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters

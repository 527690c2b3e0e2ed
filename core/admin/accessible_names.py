"""Form fields that name themselves where the admin's markup leaves them nameless.

A tabular inline labels its cells by the column headers, which assistive technology does not tie to
the inputs below them (its rows' delete boxes included), and a date-and-time field shows "Date:" and
"Time:" as plain text beside two inputs. Both read as unlabelled form elements to a screen reader (and
to axe-core). The search-as-you-type boxes are named in the browser
(`static/admin-portal/accessible-names.js`): Select2 draws them.
"""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
else:
    _AdminBase = object


def name_widget(formfield: forms.Field, *, in_table: bool) -> None:
    """Give the field's inputs an accessible name from its label: each part of a date and time,
    and, in a table, the input itself."""
    widget = formfield.widget
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    label = str(formfield.label)
    if isinstance(widget, forms.SplitDateTimeWidget):
        date_part, time_part = widget.widgets
        date_part.attrs["aria-label"] = _("%(field)s: date") % {"field": label}
        time_part.attrs["aria-label"] = _("%(field)s: time") % {"field": label}
    elif in_table:
        widget.attrs.setdefault("aria-label", label)


class NamedDeleteBoxesFormSet(BaseInlineFormSet):
    """Inline rows whose delete boxes say which row they delete."""

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields and index is not None:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete row %(number)s") % {"number": index + 1}


class AccessibleFieldNamesMixin(_AdminBase):
    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            name_widget(formfield, in_table=isinstance(self, admin.TabularInline))
        return formfield

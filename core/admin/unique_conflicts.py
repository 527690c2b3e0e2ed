"""A uniqueness error that leads to the record already there.

"This track already has a batch with this number" leaves the person to find that batch; the admin's
forms say which record it is, with a link to its page, where it may be what they meant to add.
"""

from typing import Any

from django import forms
from django.contrib.admin.sites import AdminSite
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.admin.choosers import chooser_label

# Which uniqueness rule an error reports: Django's own messages carry the fields they checked.
UNIQUE_CODES = {"unique", "unique_together"}


def reported_fields(model: type[models.Model], error: ValidationError) -> tuple[str, ...] | None:
    """The fields whose uniqueness `error` reports, or None for another kind of error."""
    params = error.params or {}
    if error.code in UNIQUE_CODES and "unique_check" in params:
        return tuple(params["unique_check"])
    for constraint in model._meta.total_unique_constraints:
        if error.code == constraint.violation_error_code and str(error.message) == str(
            constraint.get_violation_error_message()
        ):
            return tuple(constraint.fields)
    return None


def existing_record(instance: models.Model, fields: tuple[str, ...]) -> models.Model | None:
    """The other record holding `instance`'s values of `fields`."""
    model = type(instance)
    values = {name: instance.serializable_value(name) for name in fields}
    if any(value is None for value in values.values()):
        return None
    others = model._default_manager.filter(**values)
    if not instance._state.adding and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    return others.first()


class UniqueConflictLinksMixin(forms.ModelForm):
    """A model form whose uniqueness errors name the record already there, linked to its admin page."""

    # Set by `with_unique_conflict_links`: the site whose pages the links open.
    admin_site: AdminSite

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        for errors in self.errors.values():
            errors.data = [self._linked(error) for error in errors.as_data()]

    def _linked(self, error: ValidationError) -> ValidationError:
        model = type(self.instance)
        fields = reported_fields(model, error)
        if fields is None:
            return error
        record = existing_record(self.instance, fields)
        if record is None:
            return error
        opts = model._meta
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(record.pk)])
        except NoReverseMatch:
            return error
        label = chooser_label(self.admin_site, record)
        message = format_html(
            _("{problem} The existing one: {record}."),
            problem=" ".join(error.messages),
            record=format_html('<a href="{}">{}</a>', url, label),
        )
        return ValidationError(message, code=error.code)


def with_unique_conflict_links(form: type[forms.ModelForm], admin_site: AdminSite) -> Any:
    """`form`, its uniqueness errors linking to the record already there on `admin_site`."""
    if issubclass(form, UniqueConflictLinksMixin):
        return form
    return type(form.__name__, (UniqueConflictLinksMixin, form), {"admin_site": admin_site})

"""Optimistic concurrency: every save of a record raises its version number.

An edit form carries the version it was opened at; when the record has moved on since, the save
is refused instead of silently overwriting a colleague's change (see `VersionCheckedForm`).
The next version is read from the database rather than counted from the object in hand, so it
keeps rising even when an old copy (a history revert, say) is saved.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it. Open it again to see their changes, then make yours."
)


class StaleRecordError(Exception):
    """The record changed in the database after the copy being saved was read."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    # Set by an edit form to the version it was opened at; None saves unconditionally.
    expected_version: int | None = None

    def save(self, *args, **kwargs) -> None:
        if self.pk is None or self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            rows = type(self)._base_manager.select_for_update().filter(pk=self.pk)
            current = rows.values_list("version", flat=True).first()
            if self.expected_version is not None and current != self.expected_version:
                raise StaleRecordError(STALE_MESSAGE)
            self.version = (current or 0) + 1
            super().save(*args, **kwargs)


class VersionCheckedForm(forms.ModelForm):
    """A model form that refuses to save over a version newer than the one it was opened at."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        opened = cleaned.get("opened_version")
        if self.instance.pk is None or opened is None:
            return cleaned
        model = type(self.instance)
        current = model._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is not None and current != opened:
            raise ValidationError(STALE_MESSAGE, code="stale")
        self.instance.expected_version = opened
        return cleaned

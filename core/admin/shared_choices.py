"""Inline rows whose search-as-you-type choosers read their chosen records once for the whole table.

Django's autocomplete widget looks up the record it shows in its own query, so a table of fifty
placements, each with a batch, a division and a supervisor chooser, ran 150 lookups (and one more
for each batch's track, for its label). Here the formset reads, per chooser column, every record its
rows have chosen in one query, related records joined, and each row's widget shows from that.
"""

from typing import Any

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

from core.admin.accessible_names import NamedDeleteBoxesFormSet
from core.admin.choosers import ChooserAutocompleteSelect


class SharedLookupAutocompleteSelect(ChooserAutocompleteSelect):
    """An autocomplete whose chosen record may be handed to it (`known_records`, by primary key as text)."""

    known_records: dict[str, Any] | None = None

    def optgroups(self, name, value, attr=None):
        if self.known_records is None:
            return super().optgroups(name, value, attr)
        default: tuple = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        for pk in chosen:
            record = self.known_records.get(pk)
            if record is not None:
                label = self.choices.field.label_from_instance(record)
                default[1].append(self.create_option(name, record.pk, label, True, len(default[1])))
        return [default]


def _autocomplete(widget: forms.Widget) -> SharedLookupAutocompleteSelect | None:
    inner = widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget
    return inner if isinstance(inner, SharedLookupAutocompleteSelect) else None


class SharedChoicesFormSet(NamedDeleteBoxesFormSet):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.share_chosen_records()

    def share_chosen_records(self) -> None:
        rows = [form for form in self.forms if form.instance.pk is not None]
        if not rows:
            return
        for name, field in rows[0].fields.items():
            if _autocomplete(field.widget) is None or not isinstance(field, forms.ModelChoiceField):
                continue
            assert field.queryset is not None  # an autocomplete always chooses from a queryset
            chosen = {str(form.initial.get(name)) for form in rows if form.initial.get(name) is not None}
            # select_related() with no names joins every required foreign key: what a label reads.
            known = {str(record.pk): record for record in field.queryset.select_related().filter(pk__in=chosen)}
            for form in rows:
                widget = _autocomplete(form.fields[name].widget)
                if widget is not None:
                    widget.known_records = known

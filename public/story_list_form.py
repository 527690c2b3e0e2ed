"""The query string of `/stories/`: the filters every public list shares (country, track, a batch among
the chosen track's; public/list_filters.py), the text search and the order."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from public.list_filters import ProgrammeFilterForm, SelectKeepingUnknownValue
from public.story_filters import BY_BATCH

SEARCH_MAX_LENGTH = 500
# The parameters that narrow the list, in the order the page names them; `order` only sorts it.
FILTER_NAMES = ("q", "track", "batch", "country")


class StoryFilterForm(ProgrammeFilterForm):
    """Every field optional, and they combine. Give it `tracks_with_batches()`."""

    q = forms.CharField(
        label=_("Search the stories"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Newest first")), (BY_BATCH, _("By batch (oldest first)"))],
        widget=SelectKeepingUnknownValue,
        error_messages={"invalid_choice": _("Stories are listed newest first or by batch (oldest first).")},
    )
    field_order = ["q", "track", "batch", "country", "order"]

    def full_clean(self) -> None:
        super().full_clean()
        # Each field in error points at its message, listed under the row of filters.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name, "").strip() for name in FILTER_NAMES)

    @property
    def by_batch(self) -> bool:
        return self.is_valid() and self.cleaned_data["order"] == BY_BATCH

    def removal_label(self, name: str) -> str:
        """The shared filters' labels, and the search's own: "Remove the search “Japan”"."""
        if name != "q":
            return super().removal_label(name)
        shown = Truncator(self.data.get(name, "").strip()).chars(60)
        return gettext("Remove the search “%(value)s”") % {"value": shown}

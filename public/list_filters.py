"""The filters the public lists share: country, programme track, and a batch among the chosen track's.

A value that cannot match (a country outside the programme, a track or batch that does not exist)
stays selected in its field beside a message saying why, so a visitor who followed an old or
mistyped link sees what was asked for, not a silently reset filter.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, ProgrammeTrack, batch_name
from core.once_per_change import once_per_change
from officers.countries import Country


def tracks_with_batches() -> list[ProgrammeTrack]:
    """Every track with its batches, numbers ascending: the choices of the track and batch filters. Two
    queries and a model per batch (9 ms at 200 batches) after each change of the records, none until
    the next (core/once_per_change.py): read them, never change them."""
    return once_per_change("tracks-with-batches", load_tracks_with_batches)


def load_tracks_with_batches() -> list[ProgrammeTrack]:
    return list(
        ProgrammeTrack.objects.prefetch_related(
            Prefetch("batches", queryset=Batch.objects.order_by("number"))
        ).order_by("first_year", "name")
    )


class SelectKeepingUnknownValue(forms.Select):
    """A select that shows a submitted value it does not offer as the selected option."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        offered = {str(choice) for choice, _label in self.choices}
        for unknown in (v for v in value if v and v not in offered):
            # The label only: the value goes back as it came, so resubmitting shows the same message.
            option = self.create_option(name, unknown, Truncator(unknown).chars(40), True, len(groups), attrs=attrs)
            groups.append((None, [option], len(groups)))
        return groups


class CountryFilterField(forms.ChoiceField):
    """An ISO country code in either case (`vn` or `VN`), shown selected whichever case the address used."""

    widget = SelectKeepingUnknownValue

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def prepare_value(self, value):
        return value.strip().upper() if isinstance(value, str) else value


class BatchNumberField(forms.TypedChoiceField):
    """A batch number among those offered: the chosen track's batches, or, with no track chosen,
    every number some track has (matching that number in any track)."""

    widget = SelectKeepingUnknownValue
    default_error_messages = {
        "invalid_choice": _("No programme track has a batch numbered “%(value)s”."),
        "not_in_track": _("The %(track)s track has no batch numbered “%(value)s”."),
        "not_a_number": _("A batch is given by its number, such as 13."),
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.track: ProgrammeTrack | None = None

    def validate(self, value) -> None:
        forms.Field.validate(self, value)
        if not value or self.valid_value(value):
            return
        if not value.isdigit():
            raise ValidationError(self.error_messages["not_a_number"], code="invalid")
        if self.track is not None:
            params = {"value": value, "track": self.track.short_name}
            raise ValidationError(self.error_messages["not_in_track"], code="invalid_choice", params=params)
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class ProgrammeFilterForm(forms.Form):
    """Country, track and batch, every one optional; they combine. Give it `tracks_with_batches()`."""

    country = CountryFilterField(
        label=_("Country"),
        required=False,
        choices=[("", _("All countries")), *Country.choices],
        error_messages={
            "invalid_choice": _(
                "There is no country “%(value)s” in the programme: it attaches officers from Cambodia (KH), "
                "Lao PDR (LA), Myanmar (MM) and Viet Nam (VN)."
            )
        },
    )
    track = forms.ChoiceField(
        label=_("Programme track"),
        required=False,
        widget=SelectKeepingUnknownValue,
        error_messages={"invalid_choice": _("There is no programme track called “%(value)s”.")},
    )
    batch = BatchNumberField(label=_("Batch"), required=False)

    def __init__(self, *args, tracks: list[ProgrammeTrack], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tracks_by_slug = {track.slug: track for track in tracks}
        self.fields["track"].choices = [("", _("All tracks")), *((t.slug, t.short_name) for t in tracks)]
        # The batch field offers what the submitted track has; the track is read from the raw data
        # because the choices must be known before any field is cleaned.
        chosen = self.tracks_by_slug.get(self.data.get("track") or "")
        batch_field = self.fields["batch"]
        batch_field.track = chosen
        if chosen is not None:
            batch_field.choices = [("", _("All batches")), *((b.number, b.label) for b in chosen.batches.all())]
        else:
            numbers = sorted({batch.number for track in tracks for batch in track.batches.all()})
            batch_field.choices = [("", _("All batches")), *((n, batch_name(n)) for n in numbers)]

    @property
    def selected_track(self) -> ProgrammeTrack | None:
        return self.tracks_by_slug.get(self.cleaned_data.get("track") or "")

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)

    def removal_label(self, name: str) -> str:
        """How the link that drops this filter names it: "Remove the track: Junior Diplomats"."""
        value = self.data.get(name, "").strip()
        shown = Truncator(value).chars(60)
        if name == "track" and value in self.tracks_by_slug:
            shown = self.tracks_by_slug[value].short_name
        elif name == "batch":
            shown = {str(number): label for number, label in self.fields["batch"].choices}.get(value, shown)
        elif name == "country" and value.upper() in Country.values:
            shown = Country(value.upper()).label
        labels = {
            "track": gettext("Remove the track: %(value)s"),
            "batch": gettext("Remove the batch: %(value)s"),
            "country": gettext("Remove the country: %(value)s"),
        }
        return labels[name] % {"value": shown}

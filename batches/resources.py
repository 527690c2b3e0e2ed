"""Spreadsheet import and export of batches, named by track slug and number."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from batches.models import Batch, BatchStatus, ProgrammeTrack
from core.imports.cells import cell_text
from core.imports.resources import PortalResource
from core.imports.widgets import (
    ChoiceWidget,
    ComputedField,
    PartialDateField,
    PrecisionWidget,
    SlugWidget,
    TextWidget,
    WholeNumberWidget,
)


class BatchWidget(widgets.ForeignKeyWidget):
    """A batch, named by its number in the `batch` column and its track's slug in the `track` column."""

    def __init__(self, *, track_column: str = "track") -> None:
        super().__init__(Batch, field="number")
        self.track_column = track_column

    def clean(self, value, row=None, **kwargs) -> Batch | None:
        number_text = cell_text(value)
        slug = cell_text((row or {}).get(self.track_column))
        if not number_text and not slug:
            return None
        if not slug:
            raise ValueError(
                _("Say which track batch %(number)s belongs to in the track column.") % {"number": number_text}
            )
        if not number_text.isdigit():
            raise ValueError(_("“%(value)s” is not a batch number.") % {"value": number_text})
        track = TRACK_WIDGET.clean(slug)
        try:
            return Batch.objects.with_track().get(track=track, number=int(number_text))
        except Batch.DoesNotExist:
            numbers = list(track.batches.order_by("number").values_list("number", flat=True))
            known = (
                _("Its batches are %(first)s to %(last)s.") % {"first": numbers[0], "last": numbers[-1]}
                if numbers
                else ""
            )
            raise ValueError(
                _("%(track)s has no batch %(number)s. %(known)s")
                % {"track": track.short_name, "number": number_text, "known": known}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return str(value.number) if value else ""


TRACK_WIDGET = SlugWidget(ProgrammeTrack, "slug", noun=_("programme track"))


class BatchResource(PortalResource):
    """Batches, named by track slug and number; dates at the precision known."""

    required_columns = ("track", "number")

    track = fields.Field(attribute="track", column_name="track", widget=TRACK_WIDGET)
    number = fields.Field(attribute="number", column_name="number", widget=WholeNumberWidget())
    start_date = PartialDateField(attribute="start_date", precision_attribute="start_precision")
    start_precision = fields.Field(
        attribute="start_precision", column_name="start_precision", widget=PrecisionWidget(date_column="start_date")
    )
    end_date = PartialDateField(attribute="end_date", precision_attribute="end_precision")
    end_precision = fields.Field(
        attribute="end_precision", column_name="end_precision", widget=PrecisionWidget(date_column="end_date")
    )
    recorded_status = fields.Field(
        attribute="recorded_status", column_name="recorded_status", widget=ChoiceWidget(BatchStatus.choices)
    )
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())
    # A row being imported may not name its batch yet: the label waits for a number.
    label = ComputedField(lambda batch: batch.label if batch.number else "", column_name="label")
    status = ComputedField(lambda batch: batch.status, column_name="status")

    class Meta(PortalResource.Meta):
        model = Batch
        import_id_fields = ["track", "number"]
        fields = [
            "track",
            "number",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "recorded_status",
            "notes",
            "label",
            "status",
        ]
        export_order = fields

    def get_queryset(self):
        return Batch.objects.with_track()

    def duplicate_key(self, instance) -> tuple | None:
        return ("number", instance.track_id, instance.number)

"""Placements and career milestones in spreadsheets."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from batches.models import Division
from core.imports.widgets import (
    ChoiceWidget,
    PartialDateField,
    PartialDateWidget,
    PrecisionWidget,
    SlugWidget,
    TextWidget,
)
from officers.models import CareerMilestone, MilestoneKind, MilestoneSource, Placement, PlacementOutcome
from officers.models.placements import refresh_first_batch_start
from officers.resources.base import ContactDetailsResource
from officers.resources.widgets import FileBatchWidget, OfficerWidget, OrganisationWidget


class PlacementResource(ContactDetailsResource):
    """Placements, identified by officer slug, track slug and batch number."""

    required_columns = ("officer", "track", "batch")

    officer = fields.Field(attribute="officer", column_name="officer", widget=OfficerWidget())
    officer_name = fields.Field(attribute="officer__full_name", column_name="officer_name", readonly=True)
    country = fields.Field(attribute="officer__country", column_name="country", readonly=True)
    track = fields.Field(attribute="batch__track__slug", column_name="track", readonly=True)
    batch = fields.Field(attribute="batch", column_name="batch", widget=FileBatchWidget(track_column="track"))
    division = fields.Field(
        attribute="division", column_name="division", widget=SlugWidget(Division, "name", noun=_("ASEC division"))
    )
    supervisor_name = fields.Field(attribute="supervisor_name", column_name="supervisor_name", widget=TextWidget())
    supervisor = fields.Field(attribute="supervisor", column_name="supervisor", widget=OfficerWidget())
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=PartialDateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=PartialDateWidget())
    objectives = fields.Field(attribute="objectives", column_name="objectives", widget=TextWidget())
    outcome = fields.Field(attribute="outcome", column_name="outcome", widget=ChoiceWidget(PlacementOutcome.choices))
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta(ContactDetailsResource.Meta):
        model = Placement
        import_id_fields = ["officer", "batch"]
        fields = [
            "officer",
            "officer_name",
            "country",
            "track",
            "batch",
            "division",
            "supervisor_name",
            "supervisor",
            "start_date",
            "end_date",
            "objectives",
            "outcome",
            "notes",
        ]
        export_order = fields

    def get_queryset(self):
        return Placement.objects.select_related("officer", "batch__track", "division", "supervisor")

    def import_instance(self, instance, row, **kwargs) -> None:
        super().import_instance(instance, row, **kwargs)
        if not instance.outcome:
            instance.outcome = PlacementOutcome.ACTIVE

    def duplicate_key(self, instance) -> tuple | None:
        return ("batch", instance.officer_id, instance.batch_id)

    def after_import(self, dataset, result, **kwargs) -> None:
        """A saved placement brings its officer's first batch (the stories' order) up to date by
        itself; placements written together do it here, with one UPDATE."""
        super().after_import(dataset, result, **kwargs)
        if self.pending and not (result.has_errors() or result.has_validation_errors()):
            refresh_first_batch_start(officer_ids={pending.instance.officer_id for pending in self.pending})


class CareerMilestoneResource(ContactDetailsResource):
    """Career milestones, identified by officer slug, title and date (a step with no known date
    is matched by officer and title). Who checked a milestone is set by the admin action, not by a sheet."""

    required_columns = ("officer", "title", "source")
    helper_columns = ("organisation_country",)

    officer = fields.Field(attribute="officer", column_name="officer", widget=OfficerWidget())
    officer_name = fields.Field(attribute="officer__full_name", column_name="officer_name", readonly=True)
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=OrganisationWidget(officer_slug_column="officer"),
    )
    organisation_country = fields.Field(
        attribute="organisation__country", column_name="organisation_country", readonly=True
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(MilestoneKind.choices))
    date = PartialDateField(attribute="date", precision_attribute="date_precision")
    date_precision = fields.Field(
        attribute="date_precision", column_name="date_precision", widget=PrecisionWidget(date_column="date")
    )
    source = fields.Field(attribute="source", column_name="source", widget=ChoiceWidget(MilestoneSource.choices))
    source_note = fields.Field(attribute="source_note", column_name="source_note", widget=TextWidget())
    checked_by = fields.Field(attribute="checked_by__username", column_name="checked_by", readonly=True)
    checked_at = fields.Field(attribute="checked_at", column_name="checked_at", readonly=True)

    class Meta(ContactDetailsResource.Meta):
        model = CareerMilestone
        import_id_fields = ["officer", "title", "date"]
        fields = [
            "officer",
            "officer_name",
            "title",
            "organisation",
            "organisation_country",
            "kind",
            "date",
            "date_precision",
            "source",
            "source_note",
            "checked_by",
            "checked_at",
        ]
        export_order = fields

    def get_queryset(self):
        return CareerMilestone.objects.select_related("officer", "organisation", "checked_by")

    def import_instance(self, instance, row, **kwargs) -> None:
        super().import_instance(instance, row, **kwargs)
        if not instance.kind:
            instance.kind = MilestoneKind.OTHER

    def duplicate_key(self, instance) -> tuple | None:
        return ("title", instance.officer_id, instance.title.lower(), instance.date)

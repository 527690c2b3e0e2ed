"""Spreadsheet import and export of officers, placements and career milestones.

Rows name officers by slug, batches by track slug and number, divisions and organisations by
name and countries by ISO code or name ("VN" or "Viet Nam"). See `batches.resources` for what
every import shares: one transaction per file, one readable problem per bad cell, and the
importing staff member recorded as the author of every history entry.
"""

import difflib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from batches.models import Division
from batches.resources import BatchWidget
from core.emails import normalise_email
from core.imports.cells import cell_text
from core.imports.resources import PortalResource
from core.imports.widgets import (
    ChoiceWidget,
    PartialDateField,
    PartialDateWidget,
    PrecisionWidget,
    SlugWidget,
    TextWidget,
    YesNoWidget,
)
from officers.countries import Country, OrganisationCountry
from officers.models import (
    CareerMilestone,
    Gender,
    GraduateStory,
    MilestoneKind,
    MilestoneSource,
    Officer,
    Organisation,
    Placement,
    PlacementOutcome,
)
from officers.search_documents import refresh_search_documents

COUNTRY_ALIASES = {
    "Vietnam": "VN",
    "Viet Nam": "VN",
    "Laos": "LA",
    "Lao": "LA",
    "Lao People's Democratic Republic": "LA",
    "Burma": "MM",
    "Kingdom of Cambodia": "KH",
    "Brunei": "BN",
    "Timor Leste": "TL",
}


class CountryWidget(ChoiceWidget):
    """A CLMV country, by ISO code or name; any other country is refused by name."""

    def __init__(self) -> None:
        super().__init__(Country.choices, aliases={k: v for k, v in COUNTRY_ALIASES.items() if v in Country.values})
        self.anywhere = ChoiceWidget(OrganisationCountry.choices, aliases=COUNTRY_ALIASES)

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            return ""
        try:
            return super().clean(value)
        except ValueError:
            pass
        programme = ", ".join(f"{label} ({code})" for code, label in Country.choices)
        try:
            code = self.anywhere.clean(value)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a country the programme knows. Use one of: %(countries)s.")
                % {"value": text, "countries": programme}
            ) from None
        raise ValueError(
            _("%(country)s is not a CLMV country. Officers come from %(countries)s.")
            % {"country": OrganisationCountry(code).label, "countries": programme}
        )


ORGANISATION_COUNTRY = ChoiceWidget(OrganisationCountry.choices, aliases=COUNTRY_ALIASES)


class OfficerWidget(SlugWidget):
    def __init__(self) -> None:
        super().__init__(Officer, "slug", noun=_("officer with the slug"))

    def unknown_message(self, text: str) -> str:
        slugs = list(Officer.objects.values_list("slug", flat=True))
        close = difflib.get_close_matches(text.lower(), slugs, n=3)
        message = _("There is no officer with the slug “%(value)s”.") % {"value": text}
        if close:
            message += " " + _("Did you mean %(close)s?") % {"close": ", ".join(close)}
        return message


class OrganisationWidget(widgets.ForeignKeyWidget):
    """An organisation by name. Where several countries have one of that name (every country has
    a Ministry of Foreign Affairs), the row's `organisation_country` column decides, else the
    officer's own country."""

    def __init__(self, *, officer_country_column: str | None = None, officer_slug_column: str | None = None) -> None:
        super().__init__(Organisation, field="name")
        self.officer_country_column = officer_country_column
        self.officer_slug_column = officer_slug_column

    def clean(self, value, row=None, **kwargs) -> Organisation | None:
        name = cell_text(value)
        if not name:
            return None
        row = row or {}
        matches = list(Organisation.objects.filter(name__iexact=name))
        if len(matches) == 1 and not cell_text(row.get("organisation_country")):
            return matches[0]
        if not matches:
            names = list(Organisation.objects.values_list("name", flat=True).distinct())
            close = difflib.get_close_matches(name, names, n=3)
            message = _("There is no organisation called “%(value)s”; add it under Organisations first.") % {
                "value": name
            }
            if close:
                message += " " + _("Did you mean %(close)s?") % {"close": ", ".join(f"“{c}”" for c in close)}
            raise ValueError(message)
        country = self.country_hint(row)
        chosen = [organisation for organisation in matches if organisation.country == country]
        if len(chosen) == 1:
            return chosen[0]
        if len(matches) == 1:
            raise ValueError(
                _("“%(value)s” is recorded for %(recorded)s, not for %(asked)s.")
                % {"value": matches[0].name, "recorded": matches[0].country or "—", "asked": country or "—"}
            )
        countries = ", ".join(sorted(organisation.country or "—" for organisation in matches))
        raise ValueError(
            _(
                "Several organisations are called “%(value)s” (%(countries)s): give the country code in an "
                "organisation_country column."
            )
            % {"value": name, "countries": countries}
        )

    def country_hint(self, row: dict) -> str:
        written = cell_text(row.get("organisation_country"))
        if written:
            return ORGANISATION_COUNTRY.clean(written)
        if self.officer_country_column:
            try:
                return ORGANISATION_COUNTRY.clean(row.get(self.officer_country_column))
            except ValueError:
                return ""
        if self.officer_slug_column:
            slug = cell_text(row.get(self.officer_slug_column))
            return Officer.objects.filter(slug__iexact=slug).values_list("country", flat=True).first() or ""
        return ""


def _exists_error(message) -> ValidationError:
    return ValidationError(message, code="duplicate")


class OfficerResource(PortalResource):
    """Officers, identified by slug. A row without a slug is a new officer (the slug is made
    from the name); a new officer with the name and country of a recorded one is refused."""

    required_columns = ("full_name", "country")

    slug = fields.Field(attribute="slug", column_name="slug", widget=TextWidget())
    full_name = fields.Field(attribute="full_name", column_name="full_name", widget=TextWidget())
    name_in_own_script = fields.Field(
        attribute="name_in_own_script", column_name="name_in_own_script", widget=TextWidget()
    )
    honorific = fields.Field(attribute="honorific", column_name="honorific", widget=TextWidget())
    gender = fields.Field(attribute="gender", column_name="gender", widget=ChoiceWidget(Gender.choices))
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    home_organisation = fields.Field(
        attribute="home_organisation",
        column_name="home_organisation",
        widget=OrganisationWidget(officer_country_column="country"),
    )
    position_at_nomination = fields.Field(
        attribute="position_at_nomination", column_name="position_at_nomination", widget=TextWidget()
    )
    email = fields.Field(attribute="email", column_name="email", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=TextWidget())
    public_profile_consent = fields.Field(
        attribute="public_profile_consent", column_name="public_profile_consent", widget=YesNoWidget()
    )
    consent_changed_on = fields.Field(
        attribute="consent_changed_on", column_name="consent_changed_on", widget=PartialDateWidget()
    )
    bio = fields.Field(attribute="bio", column_name="bio", widget=TextWidget())

    class Meta(PortalResource.Meta):
        model = Officer
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "full_name",
            "name_in_own_script",
            "honorific",
            "gender",
            "country",
            "home_organisation",
            "position_at_nomination",
            "email",
            "phone",
            "public_profile_consent",
            "consent_changed_on",
            "bio",
        ]
        export_order = fields

    def get_queryset(self):
        return Officer.objects.select_related("home_organisation")

    def get_instance(self, instance_loader, row):
        if not cell_text(row.get("slug")):
            return None
        return super().get_instance(instance_loader, row)

    def row_problems(self, instance, row, *, row_number: int) -> dict[str, list]:
        """An email another officer has, and a second record of someone already recorded."""
        problems = super().row_problems(instance, row, row_number=row_number)
        if instance.email:
            instance.email = normalise_email(instance.email)
            taken = Officer.objects.filter(email__iexact=instance.email).exclude(pk=instance.pk).first()
            if taken:
                problems.setdefault("email", []).append(
                    _exists_error(
                        _("%(name)s (%(slug)s) already has this email address.")
                        % {"name": taken.full_name, "slug": taken.slug}
                    )
                )
        # A deliberate new slug may add a namesake; a row without one must not duplicate a record.
        if (
            instance.pk is None
            and "full_name" not in problems
            and not cell_text(row.get("slug"))
            and instance.full_name
            and instance.country
        ):
            twin = Officer.objects.filter(full_name__iexact=instance.full_name, country=instance.country).first()
            if twin:
                problems.setdefault("full_name", []).append(
                    _exists_error(
                        _(
                            "An officer called %(name)s from %(country)s is already recorded. To change that record, "
                            "put “%(slug)s” in the slug column; to add a different person of the same name, give "
                            "them a slug of their own."
                        )
                        % {"name": twin.full_name, "country": twin.get_country_display(), "slug": twin.slug}
                    )
                )
        return problems

    def duplicate_key(self, instance) -> tuple | None:
        if instance.slug:
            return ("slug", instance.slug)
        return ("full_name", instance.full_name.lower(), instance.country)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        super().before_save_instance(instance, row, **kwargs)
        previous = Officer.objects.filter(pk=instance.pk).values_list("public_profile_consent", flat=True).first()
        instance.date_consent_change(was=bool(previous), dated_by_hand=bool(cell_text(row.get("consent_changed_on"))))

    def after_import(self, dataset, result, **kwargs) -> None:
        """Stories hold their officer's name in their search documents: rebuild those of the officers
        this file changed, in the import's transaction, with one UPDATE."""
        super().after_import(dataset, result, **kwargs)
        changed = [row.object_id for row in result.valid_rows() if row.object_id]
        refresh_search_documents(GraduateStory.objects.filter(officer__in=changed))


class PlacementResource(PortalResource):
    """Placements, identified by officer slug, track slug and batch number."""

    required_columns = ("officer", "track", "batch")

    officer = fields.Field(attribute="officer", column_name="officer", widget=OfficerWidget())
    officer_name = fields.Field(attribute="officer__full_name", column_name="officer_name", readonly=True)
    country = fields.Field(attribute="officer__country", column_name="country", readonly=True)
    track = fields.Field(attribute="batch__track__slug", column_name="track", readonly=True)
    batch = fields.Field(attribute="batch", column_name="batch", widget=BatchWidget(track_column="track"))
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

    class Meta(PortalResource.Meta):
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


class CareerMilestoneResource(PortalResource):
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

    class Meta(PortalResource.Meta):
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

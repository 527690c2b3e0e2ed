"""Officers in spreadsheets, with their consent read as the consent service allows."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.emails import normalise_email
from core.imports.cells import cell_text, sheet_row
from core.imports.widgets import ChoiceWidget, PartialDateWidget, TextWidget, YesNoWidget
from officers.models import Gender, GraduateStory, Officer
from officers.resources.base import ContactDetailsResource
from officers.resources.widgets import CountryWidget, OrganisationWidget
from officers.search_documents import refresh_search_documents
from officers.services.consent import record_signed_consent, signed_consent_refusal


def _exists_error(message) -> ValidationError:
    return ValidationError(message, code="duplicate")


class ConsentCell(fields.Field):
    """A consent column. Exported as the record has it; on import the cell is checked but never
    written to the record: `OfficerResource.consent_problem` reads what the row asks of consent, and
    the consent service records it."""

    def save(self, instance, row, is_m2m=False, **kwargs) -> None:
        self.clean(row, **kwargs)


@dataclass(frozen=True)
class SignedForm:
    """A consent a row gives, to be recorded once the row's officer is saved."""

    reference: str
    signed_on: date


YES_NO = YesNoWidget()
FULL_DATE = PartialDateWidget()


class OfficerResource(ContactDetailsResource):
    """Officers, identified by slug. A row without a slug is a new officer (the slug is made
    from the name); a new officer with the name and country of a recorded one is refused.

    Consent is the officer's, so a sheet changes it only as the consent service allows: a row that
    gives consent to a recorded officer records a form they signed (its reference and date in
    `consent_form_reference` and `consent_form_signed_on`), never over a later withdrawal, and no
    row withdraws it. A new officer's row may give consent with the sheet standing for the form.
    """

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
    login = fields.Field(attribute="user__username", column_name="login", readonly=True)
    public_profile_consent = ConsentCell(
        attribute="public_profile_consent", column_name="public_profile_consent", widget=YES_NO
    )
    consent_changed_on = ConsentCell(
        attribute="consent_changed_on", column_name="consent_changed_on", widget=FULL_DATE
    )
    consent_form_reference = ConsentCell(
        attribute="consent_form_reference", column_name="consent_form_reference", widget=TextWidget()
    )
    consent_form_signed_on = ConsentCell(
        attribute="consent_form_signed_on", column_name="consent_form_signed_on", widget=FULL_DATE
    )
    consent_recorded_by = fields.Field(
        attribute="consent_recorded_by__username", column_name="consent_recorded_by", readonly=True
    )
    bio = fields.Field(attribute="bio", column_name="bio", widget=TextWidget())

    class Meta(ContactDetailsResource.Meta):
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
            "login",
            "public_profile_consent",
            "consent_changed_on",
            "consent_form_reference",
            "consent_form_signed_on",
            "consent_recorded_by",
            "bio",
        ]
        export_order = fields

    def get_queryset(self):
        return Officer.objects.select_related("home_organisation", "user", "consent_recorded_by")

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
        consent = self.consent_problem(instance, row)
        if consent:
            problems.setdefault("public_profile_consent", []).append(
                ValidationError(consent, code="consent_is_the_officers")
            )
        return problems

    def consent_problem(self, instance: Officer, row) -> str | None:
        """Why the row may not change the officer's consent as it asks, or None. A consent the row
        may give is kept on the instance, to be recorded once the row is saved (`after_save_instance`)."""
        instance._signed_form = None
        written = cell_text(row.get("public_profile_consent"))
        try:
            wanted = YES_NO.clean(written)
            signed_on = FULL_DATE.clean(row.get("consent_form_signed_on"))
            given_on = FULL_DATE.clean(row.get("consent_changed_on"))
        except ValueError:
            return None  # reported against the cell itself
        # An empty cell leaves a recorded officer's consent as it is.
        if wanted == instance.public_profile_consent or (not written and instance.pk is not None):
            return None
        if not wanted:
            return _(
                "Only the officer withdraws their consent, on their own page: a spreadsheet cannot. "
                "Leave the cell as the record has it (yes)."
            )
        reference = cell_text(row.get("consent_form_reference"))
        if instance.pk is None:
            signed_on = signed_on or given_on or timezone.localdate()
        elif not (reference and signed_on):
            withdrawn_on = instance.consent_withdrawn_on
            if withdrawn_on:
                return _(
                    "%(name)s withdrew their consent on %(date)s, and only they can give it back, or a form they "
                    "signed after that day: give its reference in consent_form_reference and its date in "
                    "consent_form_signed_on."
                ) % {"name": instance.full_name, "date": withdrawn_on.isoformat()}
            return _(
                "Consent is recorded from a form the officer signed: give its reference in consent_form_reference "
                "and its date in consent_form_signed_on."
            )
        refusal = signed_consent_refusal(officer=instance, signed_on=signed_on)
        if refusal:
            return refusal
        instance._signed_form = SignedForm(reference=reference, signed_on=signed_on)
        return None

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        if getattr(instance, "_signed_form", None):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def duplicate_key(self, instance) -> tuple | None:
        if instance.slug:
            return ("slug", instance.slug)
        return ("full_name", instance.full_name.lower(), instance.country)

    def after_save_instance(self, instance, row, **kwargs) -> None:
        super().after_save_instance(instance, row, **kwargs)
        signed: SignedForm | None = getattr(instance, "_signed_form", None)
        if signed is None:
            return
        # A new officer's row stands for the form when it names none: the file and row say where from.
        reference = signed.reference or _("Spreadsheet %(file)s, row %(row)s") % {
            "file": kwargs.get("file_name") or _("import"),
            "row": sheet_row(kwargs["row_number"]),
        }
        record_signed_consent(
            officer=instance,
            form_reference=reference[: Officer._meta.get_field("consent_form_reference").max_length],
            signed_on=signed.signed_on,
            by=kwargs.get("user"),
        )

    def after_import(self, dataset, result, **kwargs) -> None:
        """Stories hold their officer's name in their search documents: rebuild those of the officers
        this file changed, in the import's transaction, with one UPDATE."""
        super().after_import(dataset, result, **kwargs)
        changed = [row.object_id for row in result.valid_rows() if row.object_id]
        refresh_search_documents(GraduateStory.objects.filter(officer__in=changed))

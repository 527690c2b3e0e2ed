"""Officers in spreadsheets, with their consent read as the consent service allows."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.emails import normalise_email
from core.imports.cells import cell_text
from core.imports.holders import KeyHolders
from core.imports.widgets import ChoiceWidget, PartialDateWidget, TextWidget, YesNoWidget, by_lowered_text
from officers.models import Gender, GraduateStory, Officer
from officers.models.people import first_free_slug
from officers.resources.base import ContactDetailsResource
from officers.resources.consent import ConsentCell, RowConsent, SignedForm, record_signed_forms
from officers.resources.widgets import CountryWidget, OrganisationWidget
from officers.search_documents import refresh_search_documents
from officers.services.consent import signed_consent_refusal


def _exists_error(message) -> ValidationError:
    return ValidationError(message, code="duplicate")


YES_NO = YesNoWidget()
FULL_DATE = PartialDateWidget()


class FreeSlugs:
    """Slugs for new officers as `unique_slug` makes them when each is saved in turn (the name
    slugified, then -2, -3... while taken), against every slug read once for the whole file."""

    def __init__(self, taken: Iterable[str], *, max_length: int = 200) -> None:
        self.taken = set(taken)
        self.max_length = max_length

    def __contains__(self, slug: str) -> bool:
        return slug in self.taken

    def add(self, slug: str) -> None:
        self.taken.add(slug)

    def take(self, text: str) -> str:
        slug = first_free_slug(text, is_taken=self.__contains__, max_length=self.max_length)
        self.taken.add(slug)
        return slug


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

    def before_import(self, dataset, **kwargs) -> None:
        """Read what the rows are checked against, once: the officers holding the file's emails and
        names, and every slug (a new officer's is made from the name, and must be new)."""
        super().before_import(dataset, **kwargs)
        rows = dataset.dict if len(dataset) else []
        officers = Officer.objects.only("pk", "full_name", "slug", "country", "email")
        emails = (normalise_email(cell_text(row.get("email"))) for row in rows)
        names = (cell_text(row.get("full_name")) for row in rows)
        self.emails, self.names = KeyHolders(), KeyHolders()
        for holders in by_lowered_text(officers, "email", emails).values():
            for officer in holders:
                self.emails.claim(officer.pk, normalise_email(officer.email), officer)
        for namesakes in by_lowered_text(officers, "full_name", names).values():
            for officer in namesakes:
                self.names.claim(officer.pk, (officer.full_name.lower(), officer.country), officer)
        self.slugs = FreeSlugs(Officer._base_manager.values_list("slug", flat=True))

    def row_problems(self, instance, row, *, row_number: int) -> dict[str, list]:
        """An email another officer has, and a second record of someone already recorded: in the
        database or on an earlier row of the file."""
        problems = super().row_problems(instance, row, row_number=row_number)
        identity = self.identity(instance, row_number)
        if instance.pk is None and instance.slug and "slug" not in problems and instance.slug in self.slugs:
            problems["slug"] = [instance.unique_error_message(Officer, ("slug",))]
        if instance.email:
            instance.email = normalise_email(instance.email)
            taken = self.emails.holder(instance.email, besides=identity)
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
            twin = self.names.holder((instance.full_name.lower(), instance.country), besides=identity)
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

    @staticmethod
    def identity(instance: Officer, row_number: int) -> object:
        """The record a row stands for, before a new one has a primary key."""
        return instance.pk or ("row", row_number)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        """As `Officer.save` would, a new officer's slug from the name; and the row's email, name and
        slug are now held, for the rows after it."""
        super().before_save_instance(instance, row, **kwargs)
        if not instance.slug:
            instance.slug = self.slugs.take(instance.full_name)
        self.slugs.add(instance.slug)
        identity = self.identity(instance, kwargs["row_number"])
        self.emails.claim(identity, instance.email or None, instance)
        self.names.claim(identity, (instance.full_name.lower(), instance.country), instance)

    def after_import(self, dataset, result, **kwargs) -> None:
        """Once the rows are written: the consent forms they give; then the search documents of the
        stories of the officers this file changed (they hold the officer's name), in the import's
        transaction, with one UPDATE."""
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        consents = [
            RowConsent(
                officer=pending.instance, form=pending.instance._signed_form, row=pending.number, new=pending.new
            )
            for pending in self.pending
            if getattr(pending.instance, "_signed_form", None)
        ]
        record_signed_forms(consents, by=kwargs.get("user"), file_name=kwargs.get("file_name"))
        changed = [row.object_id for row in result.valid_rows() if row.object_id]
        refresh_search_documents(GraduateStory.objects.filter(officer__in=changed))

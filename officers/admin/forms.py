"""Forms of the officers' admin: the officer form that leaves consent to the officer, the signed
consent form's page, the story form that guards publication, the career milestone's form, and the
enrolment steps: the batch, then each person's placement."""

import dataclasses

from django import forms
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, Division
from core.admin.choosers import ChooserAutocompleteSelect, label_choices
from core.partial_date_fields import PartialDateFormMixin
from core.partial_dates import period_end, period_start
from core.versioning import VersionCheckedForm
from officers.models import GraduateStory, Officer, Placement, StoryState
from officers.services.enrolment import OfficerPlacement, PlacementTerms

CONSENT_GIVEN_BACK_REFUSED = _(
    "This version has the officer's public-profile consent given, but they have withdrawn it since. "
    "Consent is the officer's: a revert cannot give it back. Change the other fields by hand instead, "
    "or record a consent form the officer signed after withdrawing it."
)
CONSENT_TAKEN_AWAY_REFUSED = _(
    "This version has the officer's public-profile consent withdrawn, but they have given it since. "
    "Consent is the officer's: a revert cannot withdraw it. Change the other fields by hand instead."
)


class OfficerAdminForm(VersionCheckedForm):
    """An officer's edit form. The consent fields are read-only on the page, but a history revert
    saves a whole old copy of the record: one whose consent differs from the record's is refused,
    and any other keeps the record's consent, its date and its signed form as they stand."""

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        attnames = [Officer._meta.get_field(name).attname for name in Officer.CONSENT_FIELDS]
        stored = Officer._base_manager.filter(pk=self.instance.pk).values(*attnames).first()
        if stored is None:
            return cleaned
        if stored["public_profile_consent"] != self.instance.public_profile_consent:
            refusal = (
                CONSENT_GIVEN_BACK_REFUSED if self.instance.public_profile_consent else CONSENT_TAKEN_AWAY_REFUSED
            )
            raise ValidationError(refusal, code="consent_is_the_officers")
        for attname, value in stored.items():
            setattr(self.instance, attname, value)
        return cleaned


class CareerMilestoneAdminForm(PartialDateFormMixin, VersionCheckedForm):
    """A career step's form, on its own page, in the officer page's table and in the updates queue:
    its date typed as the source gives it ("2016", "2019-06"), its precision following from that."""

    partial_dates = [("date", "date_precision")]


class SignedConsentForm(forms.Form):
    """The page on which staff record a consent form the officer signed."""

    form_reference = forms.CharField(
        label=_("Form reference"),
        max_length=Officer._meta.get_field("consent_form_reference").max_length,
        help_text=_("How the signed form is filed, e.g. \u201cASEC/AP/2024/017\u201d."),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        # The browser's own date field: no script, so nothing the page's Content-Security-Policy must allow.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the officer signed it. A form signed before a withdrawal cannot undo it."),
    )


PUBLISH_REFUSED = _(
    "Only Communications staff can publish a story, unpublish it or change its publication date. "
    "Save it as draft or in review and ask them."
)


def publication_of(state: str, published_on) -> tuple:
    """What the public sees of a story's workflow: nothing, or published on a date."""
    return (True, published_on) if state == StoryState.PUBLISHED else (False, None)


class StoryAdminForm(VersionCheckedForm):
    """A story's edit form. Without the publish permission, the state may move between draft and
    in review only, and a published story's publication cannot change — whatever the route (the
    form, an inline, or a revert to an old version)."""

    can_publish = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields.get("state")
        if state is not None and not self.can_publish:
            state.choices = [choice for choice in state.choices if choice[0] != StoryState.PUBLISHED]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.can_publish:
            return cleaned
        current = GraduateStory._base_manager.filter(pk=self.instance.pk).values_list("state", "published_on").first()
        before = publication_of(*current) if current else publication_of(StoryState.DRAFT, None)
        after = publication_of(
            cleaned.get("state", self.instance.state), cleaned.get("published_on", self.instance.published_on)
        )
        if before != after:
            raise ValidationError(PUBLISH_REFUSED, code="publish_permission")
        return cleaned


class EnrolForm(forms.Form):
    """The first step of "Enrol in a batch": which batch. The next asks each officer's terms."""

    batch = forms.ModelChoiceField(queryset=Batch.objects.with_track(), label=_("Batch"))

    def __init__(self, *args, admin_site: AdminSite, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        search_box(self.fields["batch"], "batch", admin_site)


def search_box(field: forms.ModelChoiceField, placement_field: str, admin_site: AdminSite) -> None:
    """The admin's own search-as-you-type chooser for a placement's relation, searching and
    labelling the records as their pages do."""
    field.widget = ChooserAutocompleteSelect(Placement._meta.get_field(placement_field), admin_site)
    field.widget.choices = field.choices
    label_choices(field, admin_site, field.queryset.model)


# A placement's own labels and help, as its page shows them.
_placement = Placement._meta.get_field
TERMS = [term.name for term in dataclasses.fields(PlacementTerms)]
# The browser's own date field: no script, so nothing the page's Content-Security-Policy must allow.
_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlacementTermsForm(forms.Form):
    """One person's placement on an enrolment page: their division (one of a dozen, so a plain list),
    their supervisor and their dates, which start as the batch's. Each row is checked as the placement
    it would save, so a row that would be refused shows why beside its own fields."""

    division = forms.TypedChoiceField(
        label=capfirst(_placement("division").verbose_name), coerce=int, required=False, empty_value=None
    )
    supervised_by = _placement("supervised_by").formfield()
    supervisor_name = _placement("supervisor_name").formfield()
    supervisor = _placement("supervisor").formfield()
    start_date = _placement("start_date").formfield(widget=_DATE_INPUT)
    end_date = _placement("end_date").formfield(widget=_DATE_INPUT)

    # Who the row places, as its heading reads; their officer record, when they have one already.
    heading = ""
    officer: Officer | None = None

    def __init__(self, *args, batch: Batch, divisions: dict[int, Division], admin_site: AdminSite, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.divisions = divisions
        self.fields["division"].choices = [("", _("Not decided yet"))] + [
            (pk, str(division)) for pk, division in divisions.items()
        ]
        if batch.start_date:
            self.fields["start_date"].initial = period_start(batch.start_date, batch.start_precision)
        if batch.end_date:
            self.fields["end_date"].initial = period_end(batch.end_date, batch.end_precision)
        for name in ("supervised_by", "supervisor"):
            search_box(self.fields[name], name, admin_site)

    def terms(self) -> dict:
        """The placement's fields as chosen, for `PlacementTerms` and its kinds."""
        division = self.cleaned_data["division"]
        return {
            "division": self.divisions[division] if division is not None else None,
            **{name: self.cleaned_data[name] for name in TERMS if name != "division"},
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        placement = Placement(batch=self.batch, **self.terms())
        if self.officer is not None:
            placement.officer = self.officer
        try:
            # A nominee's officer record is found or made as they are enrolled: nothing to check yet.
            placement.full_clean(exclude=None if self.officer else {"officer"})
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned


class OfficerPlacementForm(PlacementTermsForm):
    """An officer's row of "Enrol in a batch"."""

    def __init__(self, *args, officer: Officer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.officer = officer
        self.heading = f"{officer.full_name} ({officer.get_country_display()})"

    def placement(self) -> OfficerPlacement:
        return OfficerPlacement(officer=self.officer, **self.terms())

"""Forms of the officers' admin: the officer form that leaves consent to the officer, the signed
consent form's page, the story form that guards publication, and the enrolment step."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, Division
from core.versioning import VersionCheckedForm
from officers.models import GraduateStory, Officer, Placement, StoryState

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
    """The intermediate step of "Enrol in a batch": which batch, and which division."""

    batch = forms.ModelChoiceField(queryset=Batch.objects.with_track(), label=_("Batch"))
    division = forms.ModelChoiceField(
        queryset=Division.objects.all(),
        required=False,
        label=_("ASEC division"),
        help_text=_("Leave empty when the division is not decided yet."),
    )

    def __init__(self, *args, admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The admin's own search-as-you-type choosers, searching batches and divisions as their pages do.
        for name in ("batch", "division"):
            field = self.fields[name]
            field.widget = AutocompleteSelect(Placement._meta.get_field(name), admin_site)
            field.widget.choices = field.choices

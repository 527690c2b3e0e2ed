"""The form a nominating focal point fills in about a nominee.

It names neither the call, nor the focal point, nor their organisation or country: the view supplies
them from the URL's call (checked against the focal point's country) and the signed-in login, so
nothing posted can file a nomination under someone else. The checks of the person, their documents
and their organisation are the model's (`Nomination.clean`, `validate_pdf`), run when the form
validates, so each refusal appears beside its field.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.versioning import VersionCheckedForm
from officers.models import CallForNominations, FocalPoint, Gender, Nomination, Organisation

DOCUMENT_FIELDS = ("cv", "letter")
PDF_ONLY = {"accept": "application/pdf"}


class NominationForm(VersionCheckedForm):
    """A draft nomination: who the nominee is, where they work, and their CV and nomination letter."""

    class Meta:
        model = Nomination
        fields = [
            "full_name",
            "name_in_own_script",
            "honorific",
            "gender",
            "date_of_birth",
            "organisation",
            "position",
            "email",
            "languages",
            "cv",
            "letter",
        ]
        labels = {
            "full_name": _("Full name in Latin script"),
            "name_in_own_script": _("Name in their own script"),
            "organisation": _("Ministry or agency"),
            "cv": _("CV"),
            "letter": _("Nomination letter"),
        }
        help_texts = {
            "full_name": _("As in their passport, in Latin letters."),
            "name_in_own_script": _(
                "As they write it in Khmer, Lao, Burmese or Vietnamese; leave empty if it is the same."
            ),
            "email": _("The nominee's own address: the Secretariat writes to them there if they are selected."),
            "languages": _("The languages they work in, e.g. Lao, English, French."),
        }
        widgets = {
            "gender": forms.RadioSelect,
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "cv": forms.FileInput(attrs=PDF_ONLY),
            "letter": forms.FileInput(attrs=PDF_ONLY),
        }

    def __init__(self, *args, call: CallForNominations, focal_point: FocalPoint, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set before validation, so the model's checks (the nominee's country, a second nomination
        # of the same person) run against the call and the country the draft will be saved under.
        self.instance.call = call
        self.instance.focal_point = focal_point
        self.instance.nominating_organisation = focal_point.organisation
        self.instance.country = focal_point.country
        self._limit_organisations(focal_point)
        # Radio buttons need no empty "---------" choice: none is ticked until the focal point chooses.
        self.fields["gender"].choices = Gender.choices
        if call.asks_date_of_birth:
            # Left to the model to require, with its message that says why.
            self.fields["date_of_birth"].help_text = _("This call asks for it.")
        else:
            del self.fields["date_of_birth"]
        for name in DOCUMENT_FIELDS:
            self.fields[name].help_text = self._document_help(name)

    def _limit_organisations(self, focal_point: FocalPoint) -> None:
        """A nominee works in the focal point's country: only its organisations are offered."""
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(country=focal_point.country).order_by("name")
        # An empty first choice also spares a second query: Django's select reads its first choice
        # on its own to decide whether it may be marked `required`.
        field.empty_label = _("Choose a ministry or agency")
        country = focal_point.organisation.get_country_display()
        field.help_text = _("The nominee's own ministry or agency in %(country)s.") % {"country": country}
        field.error_messages["invalid_choice"] = _(
            "Choose a ministry or agency of %(country)s: you nominate officers of your own country only."
        ) % {"country": country}
        if self.instance.organisation_id is None:
            self.initial["organisation"] = focal_point.organisation_id

    def _document_help(self, name: str) -> str:
        """What is stored now, read before the form is bound to an upload that may replace it."""
        pages = getattr(self.instance, f"{name}_pages")
        if getattr(self.instance, name) and pages:
            stored = ngettext(
                "Stored: a PDF of %(pages)s page. Choose another PDF only to replace it.",
                "Stored: a PDF of %(pages)s pages. Choose another PDF only to replace it.",
                pages,
            ) % {"pages": pages}
            return str(stored)
        return str(
            _("A PDF of at most %(limit)s MB, without a password.")
            % {"limit": f"{settings.PDF_UPLOAD_MAX_BYTES / (1024 * 1024):g}"}
        )

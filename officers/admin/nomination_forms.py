"""The intermediate steps of the selection actions: the decision with its reason, and each selected
nominee's placement (division, supervisor, dates) before they are enrolled."""

from django import forms
from django.utils.translation import gettext_lazy as _

from officers.admin.forms import PlacementTermsForm
from officers.models import Nomination
from officers.models.nominations import DECISIONS
from officers.services.nominee_enrolment import NomineePlacement


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(state.value, state.label) for state in DECISIONS], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in each nomination's history. The focal point is told the decision, not the reason."),
    )


class NomineePlacementForm(PlacementTermsForm):
    """A selected nominee's row of "Enrol selected nominees"."""

    def __init__(self, *args, nomination: Nomination, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        self.heading = f"{nomination.full_name} ({nomination.get_country_display()})"

    def placement(self) -> NomineePlacement:
        return NomineePlacement(nomination=self.nomination, **self.terms())

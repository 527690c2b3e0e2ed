"""The intermediate steps of the selection actions: the decision with its reason, and each selected
nominee's division and supervisor before they are enrolled."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from batches.models import Division
from officers.models import Nomination, Officer, Placement
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


class NomineePlacementForm(forms.Form):
    """One selected nominee's placement: the division is one of a dozen, so a plain list; a supervisor
    who is a former attachment officer is searched for as on the placement's own page."""

    division = forms.TypedChoiceField(label=_("ASEC division"), coerce=int, required=False, empty_value=None)
    supervisor_name = forms.CharField(
        label=_("Supervisor"), max_length=Placement._meta.get_field("supervisor_name").max_length, required=False
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor's officer record"),
        queryset=Officer.objects.all(),
        required=False,
        help_text=_("When the supervisor is a former attachment officer."),
    )

    def __init__(self, *args, nomination: Nomination, divisions: dict[int, Division], admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        self.divisions = divisions
        self.fields["division"].choices = [("", _("Not decided yet"))] + [
            (pk, str(division)) for pk, division in divisions.items()
        ]
        supervisor = self.fields["supervisor"]
        supervisor.widget = AutocompleteSelect(Placement._meta.get_field("supervisor"), admin_site)
        supervisor.widget.choices = supervisor.choices

    def placement(self) -> NomineePlacement:
        division = self.cleaned_data["division"]
        return NomineePlacement(
            nomination=self.nomination,
            division=self.divisions[division] if division is not None else None,
            supervisor_name=self.cleaned_data["supervisor_name"],
            supervisor=self.cleaned_data["supervisor"],
        )

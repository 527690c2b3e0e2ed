"""The forms of the attachment year: the officer's objectives and reports, and the supervisor's review;
and a report's sections as the read-only pages print them.

Each carries the version of the record it was opened at, which the services compare under a lock:
a change saved meanwhile (in another tab, or by the other party) is refused rather than overwritten.
The forms only read what was posted; the services decide whose record it is and what may change.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from officers.models import AttachmentReport, PlacementObjectives
from officers.models.attachment import REPORT_SECTIONS

# What each section of a report asks, said under its label.
SECTION_HELP = {
    "work_done": _("The files and tasks you worked on in your division."),
    "meetings_serviced": _("Meetings you serviced or attended, with their dates where you have them."),
    "papers_written": _("Reports, briefs, minutes and papers you drafted or contributed to."),
    "activities_attended": _("Study visits, trainings, missions and other activities of the programme."),
    "learned": _("What you learned about ASEAN and about your work."),
    "taking_home": _("What you will use in your ministry or agency when you return."),
    "suggestions": _("What the Secretariat could do better for the next officers."),
}


class OpenedVersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, min_value=1, **kwargs)


class ObjectivesForm(forms.ModelForm):
    opened_version = OpenedVersionField()

    class Meta:
        model = PlacementObjectives
        fields = ["text"]
        labels = {"text": _("Your objectives")}
        help_texts = {
            "text": _(
                "What you set out to learn and do in your placement, one objective a line or paragraph. "
                "Your supervisor agrees them or returns them with a comment."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class ReportForm(forms.ModelForm):
    opened_version = OpenedVersionField()

    class Meta:
        model = AttachmentReport
        fields = list(REPORT_SECTIONS)
        help_texts = SECTION_HELP
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in REPORT_SECTIONS}

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in REPORT_SECTIONS}


class ReviewForm(forms.Form):
    """The supervisor's answer: a comment (needed to return, optional to agree or sign off)."""

    comment = forms.CharField(
        label=_("Your comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed to return it: say what to change. Optional when you agree or sign off."),
    )
    seen_version = OpenedVersionField()


def report_sections(report: AttachmentReport) -> list[tuple[str, str]]:
    """The report's sections in writing order, each with its label."""
    return [(AttachmentReport._meta.get_field(name).verbose_name, getattr(report, name)) for name in REPORT_SECTIONS]

"""A graduate's own career page, `/my/career/`: the steps on record and a form to propose a new one.

Who may see it: a signed-in officer, about the officer record linked to their own login
(`officer_for`), never one named by the URL or the form. It opens at graduation; an officer still
in their placement sees a page saying so. Any other login (staff, a focal point) is refused with
a page saying what it is for. Never cached: it holds personal data.
"""

import calendar
import datetime
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.partial_dates import DatePrecision
from officers.countries import OrganisationCountry
from officers.models import CareerMilestone, MilestoneKind, Officer, Organisation
from officers.services.career_updates import is_graduate, propose_career_update
from officers.views.my import officer_for

# Steps from before the programme (2001) are recorded too; a year before this one is a typing mistake.
EARLIEST_YEAR = 1950


class CareerUpdateForm(forms.Form):
    """A new career step, as its officer knows it: the date to the year, month or day. The form names
    no officer: the view proposes the step for the signed-in officer."""

    title = forms.CharField(
        label=gettext_lazy("Position or role"),
        max_length=CareerMilestone._meta.get_field("title").max_length,
        help_text=gettext_lazy("For example: “Deputy Director-General, ASEAN Department”."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of step"), choices=MilestoneKind.choices)
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Organisation"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Choose it from the list. If it is not there, give its name below."),
    )
    new_organisation_name = forms.CharField(
        label=gettext_lazy("Name of an organisation not in the list"),
        max_length=Organisation._meta.get_field("name").max_length,
        required=False,
    )
    new_organisation_country = forms.ChoiceField(
        label=gettext_lazy("Its country"),
        choices=[("", gettext_lazy("None: an international body")), *OrganisationCountry.choices],
        required=False,
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=EARLIEST_YEAR, max_value=9999)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month (if you know it)"),
        choices=[("", gettext_lazy("Not known")), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    day = forms.IntegerField(label=gettext_lazy("Day (if you know it)"), min_value=1, max_value=31, required=False)
    link = forms.URLField(
        label=gettext_lazy("Link (optional)"),
        max_length=CareerMilestone._meta.get_field("source_note").max_length,
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Where the Secretariat can read about it: an announcement or your organisation’s page."
        ),
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        by_country: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for organisation in organisations:
            country = organisation.get_country_display() if organisation.country else _("International")
            by_country[str(country)].append((organisation.pk, organisation.name))
        self.fields["organisation"].choices = [("", _("Not in the list")), *sorted(by_country.items())]

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        self._clean_organisation(cleaned)
        self._clean_date(cleaned)
        return cleaned

    def _clean_organisation(self, cleaned: dict) -> None:
        chosen, typed = cleaned.get("organisation"), cleaned.get("new_organisation_name", "").strip()
        if chosen is not None and typed:
            self.add_error(
                "new_organisation_name", _("Choose the organisation from the list or give a new name, not both.")
            )
        elif chosen is None and not typed and "organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation, or give its name if it is not in the list."))
        cleaned["organisation"] = self.organisations.get(chosen) if chosen is not None else None

    def _clean_date(self, cleaned: dict) -> None:
        year, month, day = cleaned.get("year"), cleaned.get("month"), cleaned.get("day")
        if year is None:
            return
        if day is not None and month is None:
            self.add_error("day", _("Give the month too, or leave the day empty."))
            return
        if day is not None and day > calendar.monthrange(year, month)[1]:
            self.add_error("day", _("That month has no such day."))
            return
        precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
        cleaned["date"] = datetime.date(year, month or 1, day or 1)
        cleaned["date_precision"] = precision


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in graduate's career steps, and the form to propose a new one."""
    officer = officer_for(request.user)
    if officer is None:
        return render(request, "career/not_an_officer.html", status=403)
    if not is_graduate(officer):
        # Reading the page is fine; a form posted before graduation is refused.
        return render(
            request, "career/not_yet.html", {"officer": officer}, status=403 if request.method == "POST" else 200
        )
    form = CareerUpdateForm(
        request.POST if request.method == "POST" else None, organisations=list(Organisation.objects.order_by("name"))
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            propose_career_update(
                officer=officer,
                title=data["title"],
                kind=data["kind"],
                date=data["date"],
                date_precision=data["date_precision"],
                organisation=data["organisation"],
                new_organisation_name=data["new_organisation_name"],
                new_organisation_country=data["new_organisation_country"],
                link=data["link"],
                by=request.user,
            )
        except ValidationError as error:
            # A date in the future is corrected in the date's fields: the message goes beside the first.
            form.add_error("year" if error.code == "future" else None, error.messages)
        else:
            messages.success(
                request, _("Thank you. The Secretariat will check your new step before it appears on your profile.")
            )
            return redirect("career:home")
    context = {
        "officer": officer,
        "form": form,
        "milestones": list(officer.milestones.timeline()),
        # What the public sees of them, through the one visibility rule.
        "profile_is_public": Officer.objects.public().filter(pk=officer.pk).exists(),
    }
    return render(request, "career/home.html", context)

"""The funder's report in the admin: a table with XLSX and CSV downloads, and placement files."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, Division
from officers.models import Placement
from officers.roles import may_see_contact_details
from reports.funder import FORMATS, export, funder_report, placements_dataset

REPORT_PERMISSION = "officers.view_placement"
FORMAT_CHOICES = [("xlsx", "XLSX"), ("csv", "CSV")]


def may_see_reports(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.has_perm(REPORT_PERMISSION)


class YearRangeForm(forms.Form):
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1990, max_value=2100)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The range ends before it starts."))
        return cleaned


class PlacementFileForm(forms.Form):
    batch = forms.ModelChoiceField(queryset=Batch.objects.with_track(), required=False, label=_("Batch"))
    division = forms.ModelChoiceField(queryset=Division.objects.all(), required=False, label=_("ASEC division"))
    file_format = forms.ChoiceField(choices=FORMAT_CHOICES, label=_("Format"))

    def __init__(self, *args, admin_site: admin.AdminSite, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Searched for as you type, as in the edit forms: a list of every batch was half the page.
        batch = self.fields["batch"]
        batch.widget = AutocompleteSelect(Placement._meta.get_field("batch"), admin_site)
        batch.widget.choices = batch.choices

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("batch")) == bool(cleaned.get("division")):
            raise forms.ValidationError(_("Choose one batch or one division."))
        return cleaned


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _table(report) -> dict:
    """The report's rows for the page, each a track, a batch and its counts: named, so the
    template reads two hundred rows by key rather than by position."""
    rows = [{"track": cells[0], "batch": cells[1], "counts": cells[2:]} for cells in report.table()]
    return {"headers": report.headers(), "body": rows[:-1], "footer": rows[-1]}


def funder_report_view(request: HttpRequest, admin_site: admin.AdminSite) -> HttpResponse:
    """Staff with view permission on placements: the table, filtered by years, or its file (?download=xlsx|csv)."""
    if not may_see_reports(request):
        raise PermissionDenied
    years = YearRangeForm(request.GET)
    bounds = years.cleaned_data if years.is_valid() else {}
    report = funder_report(year_from=bounds.get("year_from"), year_to=bounds.get("year_to"))
    file_format = request.GET.get("download")
    if file_format in FORMATS and years.is_valid():
        content, content_type = export(report.dataset(), file_format)
        stamp = timezone.localdate().isoformat()
        return _download(content, content_type, f"graduates-{stamp}.{file_format}")
    query = request.GET.copy()
    query.pop("download", None)
    context = {
        **admin_site.each_context(request),
        "title": _("Funder's report"),
        "years": years,
        "report": report,
        **_table(report),
        "query": query.urlencode(),
        "placements_form": PlacementFileForm(initial={"file_format": "xlsx"}, admin_site=admin_site),
        "contact_details": may_see_contact_details(request.user),
    }
    return TemplateResponse(request, "admin/reports/funder_report.html", context)


def placements_file_view(request: HttpRequest, admin_site: admin.AdminSite) -> HttpResponse:
    """Staff with view permission on placements: every placement of one batch or one division, as one file,
    with the officers' contact details for staff who may see them."""
    if not may_see_reports(request):
        raise PermissionDenied
    form = PlacementFileForm(request.GET, admin_site=admin_site)
    contact_details = may_see_contact_details(request.user)
    if form.is_valid():
        batch, division = form.cleaned_data["batch"], form.cleaned_data["division"]
        content, content_type = export(
            placements_dataset(batch=batch, division=division, contact_details=contact_details),
            form.cleaned_data["file_format"],
        )
        subject = f"{batch.track.slug}-{batch.number}" if batch else f"division-{division.pk}"
        return _download(content, content_type, f"placements-{subject}.{form.cleaned_data['file_format']}")
    context = {
        **admin_site.each_context(request),
        "title": _("Funder's report"),
        "years": YearRangeForm(),
        "report": funder_report(),
        "query": "",
        "placements_form": form,
        "contact_details": contact_details,
    }
    context.update(_table(context["report"]))
    return TemplateResponse(request, "admin/reports/funder_report.html", context, status=400)

"""Admin actions on officers, placements, career milestones and stories.

Each action calls a service (which saves record by record, with the staff member as the history
author, inside one transaction) and tells the person what it did and what it left alone.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from batches.models import Division
from officers.admin.forms import EnrolForm, OfficerPlacementForm, PlacementTermsForm
from officers.certificate_pdf import CertificateRenderError
from officers.models import AttachmentReport, GraduateStory, Placement, ReportKind, ReportState
from officers.services.certificates import CertificateError
from officers.services.enrolment import CompletionRefused, awaiting_final_report, complete_placements, enrol_officers
from officers.services.milestones import check_milestones
from officers.services.publication import set_publication

logger = logging.getLogger(__name__)

# The enrolment's second page says so in what it posts: its rows are then read, not offered afresh.
ENROL_STEP, PLACEMENTS_STEP = "step", "placements"


def _names(records) -> str:
    return ", ".join(str(record) for record in records)


def action_page(modeladmin: admin.ModelAdmin, request: HttpRequest, template: str, context: dict) -> TemplateResponse:
    """An action's intermediate page, carrying the selection back with its answer."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        **context,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, template, context)


def refused_rows(rows: list[PlacementTermsForm]) -> str:
    """What an enrolment page says above rows that do not validate: whose, and that nobody was enrolled."""
    names = ", ".join(row.heading for row in rows if row.errors)
    return _("Nobody was enrolled: correct the placements of %(names)s below.") % {"names": names}


@admin.action(permissions=["enrol"], description=gettext_lazy("Enrol selected officers in a batch"))
def enrol_in_batch(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    """Asks for the batch, then on a second page for each officer's division, supervisor and dates
    (starting as the batch's), then enrols every selected officer, or none of them."""
    officers = list(queryset.order_by("full_name", "pk"))
    chosen = EnrolForm(request.POST if "apply" in request.POST else None, admin_site=modeladmin.admin_site)
    if not chosen.is_valid():
        context = {
            "title": _("Enrol officers in a batch"),
            "officers": officers,
            "form": chosen,
            "media": modeladmin.media + chosen.media,
        }
        return action_page(modeladmin, request, "admin/officers/officer/enrol.html", context)

    batch = chosen.cleaned_data["batch"]
    data = request.POST if request.POST.get(ENROL_STEP) == PLACEMENTS_STEP else None
    rows = _placement_rows(modeladmin, officers=officers, batch=batch, data=data)
    refusal = _enrolled_or_refusal(modeladmin, request, batch=batch, rows=rows) if data is not None else ""
    if refusal is None:
        return None
    context = {
        "title": _("Enrol officers in %(batch)s") % {"batch": batch},
        "batch": batch,
        "form": chosen,
        "forms": rows,
        "step": {"name": ENROL_STEP, "value": PLACEMENTS_STEP},
        "refusal": refusal,
        "media": modeladmin.media + rows[0].media,
    }
    return action_page(modeladmin, request, "admin/officers/officer/enrol.html", context)


class CompletionReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why complete them without a signed-off final report?"),
        help_text=gettext_lazy("Added to each placement's notes and kept in its history, with your name."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _placement_rows(modeladmin: admin.ModelAdmin, *, officers: list, batch, data) -> list[OfficerPlacementForm]:
    """One form per officer for their placement in the batch, its dates starting as the batch's."""
    divisions = {division.pk: division for division in Division.objects.all()}
    return [
        OfficerPlacementForm(
            data,
            prefix=f"officer-{officer.pk}",
            officer=officer,
            batch=batch,
            divisions=divisions,
            admin_site=modeladmin.admin_site,
        )
        for officer in officers
    ]


def _enrolled_or_refusal(
    modeladmin: admin.ModelAdmin, request: HttpRequest, *, batch, rows: list[OfficerPlacementForm]
) -> str | None:
    """Enrols every officer of the rows and says so, returning None; or enrols nobody and returns why."""
    # Every row is checked, so that each shows its own errors.
    valid = [row.is_valid() for row in rows]
    if not all(valid):
        return refused_rows(rows)
    try:
        enrolled = enrol_officers(batch=batch, placements=[row.placement() for row in rows], by=request.user)
    except (ValidationError, IntegrityError) as error:
        detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _("Nobody was enrolled: %(reason)s") % {"reason": detail}
    modeladmin.message_user(
        request,
        ngettext(
            "Enrolled %(count)d officer in %(batch)s: %(names)s.",
            "Enrolled %(count)d officers in %(batch)s: %(names)s.",
            len(enrolled),
        )
        % {"count": len(enrolled), "batch": batch, "names": _names(p.officer for p in enrolled)},
        messages.SUCCESS,
    )
    return None


@admin.action(permissions=["change"], description=gettext_lazy("Mark selected placements completed (graduated)"))
def mark_placements_completed(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Completes the selected placements and issues their certificates, all or none. When some final
    report is not signed off, an intermediate page first asks for the reason to complete without it."""
    placements = list(queryset.select_related("officer", "batch__track"))
    unsigned = awaiting_final_report(placements)
    form = CompletionReasonForm(request.POST if "apply" in request.POST else None)
    if unsigned and not form.is_valid():
        return _completion_page(modeladmin, request, placements=placements, unsigned=unsigned, form=form)
    try:
        changed = complete_placements(
            placements=placements,
            by=request.user,
            site_url=request.build_absolute_uri("/"),
            reason=form.cleaned_data["reason"] if unsigned else "",
        )
    except (CompletionRefused, CertificateError, CertificateRenderError, ValidationError, OSError) as error:
        if isinstance(error, CertificateRenderError | OSError):
            # A machine's fault (fonts, storage), not the editor's: the operators must hear of it too.
            logger.exception(
                "Placements %s not completed: a certificate could not be made", [p.pk for p in placements]
            )
        detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        modeladmin.message_user(request, _("Nothing was completed: %(reason)s") % {"reason": detail}, messages.ERROR)
        return None
    if changed:
        modeladmin.message_user(
            request,
            ngettext(
                "Marked %(count)d placement completed and issued its certificate: %(numbers)s.",
                "Marked %(count)d placements completed and issued their certificates: %(numbers)s.",
                len(changed),
            )
            % {"count": len(changed), "numbers": ", ".join(placement.certificate.number for placement in changed)},
            messages.SUCCESS,
        )
    completed = {placement.pk for placement in changed}
    left = [placement for placement in placements if placement.pk not in completed]
    if left:
        modeladmin.message_user(
            request,
            _("Left as they were (already completed or withdrawn): %(names)s.") % {"names": _names(left)},
            messages.WARNING,
        )
    return None


def _completion_page(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    placements: list[Placement],
    unsigned: list[Placement],
    form: CompletionReasonForm,
) -> TemplateResponse:
    states = dict(
        AttachmentReport.objects.filter(placement__in=unsigned, kind=ReportKind.FINAL).values_list(
            "placement_id", "state"
        )
    )
    context = {
        "title": _("Complete placements without a signed-off final report"),
        "unsigned": [
            (placement, ReportState(states[placement.pk]).label if placement.pk in states else _("Not written"))
            for placement in unsigned
        ],
        "others": len(placements) - len(unsigned),
        "form": form,
    }
    return action_page(modeladmin, request, "certificates/admin_completion.html", context)


@admin.action(permissions=["change"], description=gettext_lazy("Mark selected career milestones checked by me"))
def mark_milestones_checked(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = check_milestones(milestones=queryset, by=request.user)
    modeladmin.message_user(
        request,
        ngettext(
            "Recorded that you checked %(count)d career milestone.",
            "Recorded that you checked %(count)d career milestones.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(permissions=["publish"], description=gettext_lazy("Publish selected stories"))
def publish_stories(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    changed = set_publication(stories=queryset, publish=True, by=request.user)
    modeladmin.message_user(
        request,
        ngettext("Published %(count)d story.", "Published %(count)d stories.", len(changed)) % {"count": len(changed)},
        messages.SUCCESS,
    )
    hidden = GraduateStory.objects.filter(pk__in=[s.pk for s in changed]).exclude(
        pk__in=GraduateStory.objects.public().values("pk")
    )
    if hidden:
        modeladmin.message_user(
            request,
            format_lazy(
                "{}: {}",
                _("Published but not shown to the public (the officer's consent is withdrawn, or the date is ahead)"),
                _names(hidden),
            ),
            messages.WARNING,
        )


@admin.action(permissions=["publish"], description=gettext_lazy("Unpublish selected stories (back to draft)"))
def unpublish_stories(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    changed = set_publication(stories=queryset, publish=False, by=request.user)
    modeladmin.message_user(
        request,
        ngettext("Unpublished %(count)d story.", "Unpublished %(count)d stories.", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )

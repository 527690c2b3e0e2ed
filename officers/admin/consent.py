"""The officer page's "Record a signed consent form": the one way staff give an officer's consent."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from officers.admin.forms import SignedConsentForm
from officers.models import Officer
from officers.services.consent import record_signed_consent

# The service's field names, as this page's form names them.
FORM_FIELDS = {"consent_form_reference": "form_reference", "consent_form_signed_on": "signed_on"}


def record_consent_view(modeladmin: admin.ModelAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Staff who may change the officer: record the form, or be told why it cannot be recorded."""
    officer = modeladmin.get_object(request, unquote(object_id))
    if officer is None:
        raise Http404
    if not modeladmin.has_change_permission(request, officer):
        raise PermissionDenied
    opts = modeladmin.model._meta
    form = SignedConsentForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and _recorded(modeladmin, request, officer, form):
        return redirect(f"{modeladmin.admin_site.name}:{opts.app_label}_{opts.model_name}_change", officer.pk)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Record a signed consent form"),
        "subtitle": str(officer),
        "opts": opts,
        "original": officer,
        "form": form,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/officers/officer/record_consent.html", context)


def _recorded(modeladmin: admin.ModelAdmin, request: HttpRequest, officer: Officer, form: SignedConsentForm) -> bool:
    """Record the form and say so; or put the refusal on the form, or in a message when it is the rule's."""
    try:
        record_signed_consent(
            officer=officer,
            form_reference=form.cleaned_data["form_reference"],
            signed_on=form.cleaned_data["signed_on"],
            by=request.user,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, problems in error.message_dict.items():
                form.add_error(FORM_FIELDS.get(field), problems)
        else:
            reason = " ".join(error.messages)
            modeladmin.message_user(
                request, _("The consent form was not recorded: %(reason)s") % {"reason": reason}, messages.ERROR
            )
        return False
    modeladmin.message_user(
        request,
        _("Recorded %(officer)s's consent form %(reference)s, signed on %(date)s.")
        % {"officer": officer, "reference": officer.consent_form_reference, "date": form.cleaned_data["signed_on"]},
        messages.SUCCESS,
    )
    return True

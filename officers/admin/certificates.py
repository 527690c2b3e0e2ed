"""Certificates in the admin: a read-only list, each one's PDF, and revoking with a reason.

A certificate is issued only by completing its placement (the placements list's action), and is
never added, edited or deleted here: its number and code are printed on paper, and its history must
not be reverted (a revert could take back a revocation). Editors revoke; viewers read the list, the
records and the PDFs (a certificate is not contact data); Communications has no permission on
certificates and sees none of it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from batches.admin.filters import track_filter
from core.admin.base import PortalModelAdmin
from core.admin.read_only import ReadOnlyHistoryMixin
from core.private_files import private_file_response
from officers.admin.actions import action_page
from officers.models import Certificate
from officers.services.certificates import revoke_certificate


class RevokedFilter(admin.SimpleListFilter):
    title = gettext_lazy("revoked")
    parameter_name = "revoked"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        return [("no", gettext_lazy("Valid")), ("yes", gettext_lazy("Revoked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_on__isnull=self.value() == "no")
        return queryset


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are they revoked?"),
        help_text=gettext_lazy("Kept in each certificate's history, with your name. The public page says only when."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.action(permissions=["change"], description=gettext_lazy("Revoke selected certificates…"))
def revoke_certificates(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    """Asks for the reason, then revokes each selected certificate that stands."""
    certificates = list(queryset.select_related("placement__officer", "placement__batch__track"))
    form = RevokeForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        context = {"title": _("Revoke certificates"), "certificates": certificates, "form": form}
        return action_page(modeladmin, request, "certificates/admin_revoke.html", context)
    revoked = [
        certificate
        for certificate in certificates
        if revoke_certificate(certificate=certificate, reason=form.cleaned_data["reason"], by=request.user)
    ]
    if revoked:
        modeladmin.message_user(
            request,
            ngettext(
                "Revoked %(count)d certificate: %(numbers)s.",
                "Revoked %(count)d certificates: %(numbers)s.",
                len(revoked),
            )
            % {"count": len(revoked), "numbers": ", ".join(c.number for c in revoked)},
            messages.SUCCESS,
        )
    left = [certificate for certificate in certificates if certificate not in revoked]
    if left:
        modeladmin.message_user(
            request,
            _("Already revoked, left as they were: %(numbers)s.") % {"numbers": ", ".join(c.number for c in left)},
            messages.WARNING,
        )
    return None


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyHistoryMixin, PortalModelAdmin):
    list_display = ["number", "officer", "batch", "issued_on", "revoked_on", "pdf_link"]
    list_filter = [RevokedFilter, track_filter("placement__batch__track")]
    list_select_related = ["placement__officer", "placement__batch__track"]
    search_fields = ["number", "verification_code", "placement__officer__full_name"]
    search_help_text = gettext_lazy("Number, verification code or officer's name.")
    fields = [
        "number",
        "placement",
        "issued_on",
        "issued_by",
        "verification_code",
        "pdf_link",
        "revoked_on",
        "revocation_reason",
    ]
    readonly_fields = fields
    actions = [revoke_certificates]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The list asks without a record, for the revoke action; a record's own page changes nothing.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self) -> list:
        opts = self.model._meta
        pdf = path(
            "<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name=f"{opts.app_label}_{opts.model_name}_pdf"
        )
        return [pdf, *super().get_urls()]

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The certificate's PDF, as a download, for staff who may read certificates."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        certificate = get_object_or_404(Certificate, pk=pk)
        if not certificate.pdf:
            raise Http404
        return private_file_response(certificate.pdf, download_name=f"certificate-{certificate.number}.pdf")

    @admin.display(description=gettext_lazy("officer"), ordering="placement__officer__full_name")
    def officer(self, certificate: Certificate) -> str:
        return str(certificate.placement.officer)

    @admin.display(description=gettext_lazy("batch"), ordering="placement__batch__number")
    def batch(self, certificate: Certificate) -> str:
        return str(certificate.placement.batch)

    @admin.display(description=gettext_lazy("PDF"))
    def pdf_link(self, certificate: Certificate) -> str:
        if not certificate.pdf:
            return "—"
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_pdf", args=[certificate.pk])
        return format_html('<a href="{}" download>{}</a>', url, _("Download"))

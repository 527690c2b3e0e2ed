"""Inviting people to sign in from the admin: the actions that invite the selected officers, focal points
or supervisors, reporting on every one they were given, and the login field that only superusers set by
hand."""

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from officers.services.invitations import InvitationError, invite_officer

logger = logging.getLogger(__name__)

# The mixin is only ever mixed into model admins: type-check it as one.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


def _base_url(request: HttpRequest) -> str:
    # The link must reach the person at the address staff are using now (behind a TLS proxy too).
    return f"{request.scheme}://{request.get_host()}"


@admin.action(permissions=["change"], description=gettext_lazy("Invite selected officers to sign in"))
def invite_selected_officers(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Each officer is invited in their own transaction: one without an email address is reported
    and does not stop the others."""
    base_url = _base_url(request)
    for officer in queryset.order_by("full_name", "pk"):
        try:
            invitation = invite_officer(officer=officer, by=request.user, base_url=base_url)
        except InvitationError as error:
            modeladmin.message_user(request, _("Not invited: %(reason)s") % {"reason": error}, messages.ERROR)
        except OSError:
            # The mail server refused or could not be reached; the login is in place, so inviting
            # again later is safe.
            logger.exception("Invitation email to officer %s could not be sent", officer.pk)
            modeladmin.message_user(
                request,
                _("%(officer)s: the login is ready but the email could not be sent. Try again later.")
                % {"officer": officer},
                messages.ERROR,
            )
        else:
            template = (
                _("%(officer)s: login created and invitation sent to %(email)s.")
                if invitation.account_created
                else _("%(officer)s: a new set-your-password link was sent to %(email)s.")
            )
            modeladmin.message_user(
                request, template % {"officer": officer, "email": invitation.user.email}, messages.SUCCESS
            )


def invite_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    records: Iterable[Model],
    *,
    invite: Callable[[Model, str], User],
    refused: type[Exception],
) -> None:
    """Invite each of `records`, `invite(record, base_url)`, in their own transaction: one who cannot be
    (`refused`) is named with the reason and does not stop the others."""
    base_url = _base_url(request)
    for record in records:
        try:
            user = invite(record, base_url)
        except refused as error:
            reason = _("%(name)s: not invited. %(reason)s") % {"name": record, "reason": error}
            modeladmin.message_user(request, reason, messages.ERROR)
        except OSError:
            # The mail server refused or could not be reached; the login is in place, so inviting
            # again later is safe.
            logger.exception("Invitation email to %s %s could not be sent", record._meta.verbose_name, record.pk)
            modeladmin.message_user(
                request,
                _("%(name)s: the login is ready but the email could not be sent. Try again later.") % {"name": record},
                messages.ERROR,
            )
        else:
            modeladmin.message_user(
                request,
                _("%(name)s: invitation sent to %(email)s.") % {"name": record, "email": user.email},
                messages.SUCCESS,
            )


class LoginByInvitationMixin(_AdminBase):
    """A record whose `user` login opens its holder's own pages: staff link the login by inviting the
    person, which creates it; only superusers link one by hand (a staff member's own, say)."""

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("user")
        return readonly

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        fields = list(super().get_autocomplete_fields(request))
        if request.user.is_superuser:
            fields.append("user")
        return fields

"""The admin action that invites officers to sign in, reporting on every officer it was given."""

import logging

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from officers.services.invitations import InvitationError, invite_officer

logger = logging.getLogger(__name__)


@admin.action(permissions=["change"], description=gettext_lazy("Invite selected officers to sign in"))
def invite_selected_officers(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Each officer is invited in their own transaction: one without an email address is reported
    and does not stop the others."""
    # The link must reach the officer at the address staff are using now (behind a TLS proxy too).
    base_url = f"{request.scheme}://{request.get_host()}"
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

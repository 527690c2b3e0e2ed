"""The reminders the portal has sent (`manage.py send_reminders`), for staff to read: what about, to
whom and when. Nobody writes here: each row is the record that keeps a reminder from going twice."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin.read_only import ReadOnlyAdminMixin
from officers.admin.privacy import ContactDetailsAdminMixin
from officers.models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdminMixin, ContactDetailsAdminMixin, admin.ModelAdmin):
    # The address a reminder went to is an officer's or a supervisor's contact detail.
    contact_details = ("recipient",)
    list_display = ["sent_at", "kind", "subject", "recipient"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["subject", "recipient"]
    search_help_with_contact_details = _("What it was about (\u201creport 12\u201d) or the address it went to.")
    search_help_without_contact_details = _("What it was about (\u201creport 12\u201d).")
    list_per_page = 50

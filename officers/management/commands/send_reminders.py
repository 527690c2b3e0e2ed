from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from officers.models import ReminderKind
from officers.services.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind officers of reports due and overdue and of objectives not agreed, supervisors of reports "
        "waiting for them, and graduates once a year to tell us what is new in their careers. Safe to run as "
        "often as you like (every hour, say): no reminder is ever sent twice."
    )

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        self.stdout.write(_("Reminders sent: %(count)d.") % {"count": sum(sent.values())})
        for kind in ReminderKind:
            self.stdout.write(f"  {kind.label}: {sent[kind]}")

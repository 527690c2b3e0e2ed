from django.core.management.base import BaseCommand

from officers.services.nomination_notices import send_nomination_notices


class Command(BaseCommand):
    help = (
        "Tell focal points when a call for nominations opens for their country and when it is about to close. "
        "Safe to run as often as you like (every 15 minutes, say): no notice is ever sent twice."
    )

    def handle(self, *args, **options) -> None:
        sent = send_nomination_notices()
        self.stdout.write(f"Nomination notices sent: {sent}.")

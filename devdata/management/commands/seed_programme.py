from django.core.management.base import BaseCommand

from devdata.seed import seed_programme


class Command(BaseCommand):
    help = (
        "Load the facts of the source article (tracks, batches, graduates, stories, the figures it reports). "
        "Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        counts = seed_programme()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed data: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )

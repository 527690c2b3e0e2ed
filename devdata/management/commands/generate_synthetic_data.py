from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from devdata.synthetic import NoProgrammeTracks, clear_synthetic_data, generate_synthetic_data


class Command(BaseCommand):
    help = (
        "Add clearly synthetic officers, batches, placements, milestones and stories for load tests "
        "(flagged is_synthetic; seeded records are never changed). --clear removes earlier synthetic data first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--officers", type=int, default=10_000, help="Synthetic officers to add (default 10000).")
        parser.add_argument("--stories", type=int, default=1_000, help="Synthetic stories to add (default 1000).")
        parser.add_argument("--seed", type=int, default=42, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--clear", action="store_true", help="Delete all synthetic records first.")

    def handle(self, *args, officers: int, stories: int, seed: int, clear: bool, **options) -> None:
        if officers < 0 or stories < 0:
            raise CommandError("--officers and --stories cannot be negative.")
        if stories and not officers:
            raise CommandError("Stories need officers to be about: give --officers too.")
        if clear:
            try:
                removed = clear_synthetic_data()
            except ProtectedError as error:
                raise CommandError(
                    "Some real records point at synthetic ones, so nothing was removed: "
                    f"{sorted({str(obj) for obj in error.protected_objects})[:5]}"
                ) from error
            self.stdout.write(f"Removed synthetic data: {removed}.")
        try:
            created = generate_synthetic_data(officers=officers, stories=stories, seed=seed)
        except NoProgrammeTracks as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Added synthetic data: {created}."))

"""`manage.py sweep_orphan_files [--delete] [--older-than-hours 24]`: uploaded files no record points at.

Replaced and deleted files are removed as their change commits (core/stored_files.py); this finds
what was left anyway: an upload whose save was rolled back, a storage outage at the wrong moment,
files from before that was in place. It looks in the upload folders of the media storage only,
and spares files younger than the grace period, since a file is written a moment before the
record that points at it is committed. Without --delete it only lists what it would delete.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.stored_files import delete_file, orphan_files
from core.uploads import UPLOAD_FOLDERS


class Command(BaseCommand):
    help = "List, or with --delete remove, uploaded files that no record points at."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Delete the files instead of listing them.")
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24,
            help="Only files last written at least this many hours ago (default 24), so no upload in flight is swept.",
        )

    def handle(self, *args, delete: bool, older_than_hours: float, **options) -> None:
        if older_than_hours < 0:
            raise CommandError("--older-than-hours cannot be negative.")
        cutoff = timezone.now() - timedelta(hours=older_than_hours)
        orphans = orphan_files(default_storage, UPLOAD_FOLDERS, modified_before=cutoff)
        for name in orphans:
            if delete:
                delete_file(default_storage, name)
            self.stdout.write(f"{'Deleted' if delete else 'Would delete'} {name}")
        age = f"older than {older_than_hours:g} hours"
        if delete:
            self.stdout.write(self.style.SUCCESS(f"Deleted {len(orphans)} orphaned files {age}."))
        else:
            self.stdout.write(f"{len(orphans)} orphaned files {age}; run again with --delete to delete them.")

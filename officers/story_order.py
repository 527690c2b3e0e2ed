"""Keeps `Officer.first_batch_start`, the order of the public stories list, right on every write.

The key is derived data, like a cache: whatever path writes a placement or a batch's dates
(admin, import, service, a bulk delete from a list), it must follow. So it listens to those
saves and deletes rather than trusting every writer to remember. Writes that send no signals
(`bulk_create`, `QuerySet.update`) call `refresh_first_batch_start` themselves.
"""

from django.db.models.signals import post_delete, post_save

from batches.models import Batch
from officers.models import Placement
from officers.models.placements import refresh_first_batch_start

# A raw save is a fixture or a restore being loaded: its rows carry their keys already.


def _placement_changed(sender, instance: Placement, raw: bool = False, **kwargs) -> None:
    if not raw:
        refresh_first_batch_start(officer_ids=instance.officers_to_refresh())


def _batch_saved(sender, instance: Batch, created: bool, raw: bool = False, **kwargs) -> None:
    if not (created or raw):
        refresh_first_batch_start(batch=instance)


def connect_first_batch_start() -> None:
    post_save.connect(_placement_changed, sender=Placement, dispatch_uid="first-batch-start-placement-saved")
    post_delete.connect(_placement_changed, sender=Placement, dispatch_uid="first-batch-start-placement-deleted")
    post_save.connect(_batch_saved, sender=Batch, dispatch_uid="first-batch-start-batch-saved")

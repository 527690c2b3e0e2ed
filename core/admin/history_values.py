"""How the history pages print a changed value: a field that was empty reads "—", never "None" or
"Deleted user (pk=None)", which is what the history library prints for an empty link."""

from typing import Any

from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


class PortalHistoryValues(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value) -> Any:
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return EMPTY
        return super().prepare_delta_change_value(change, value)

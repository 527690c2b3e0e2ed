"""The programme's structure in the secretariat's workspace; `base`, `imports` and `filters` are
shared with the officers' admin."""

from batches.admin import programme  # noqa: F401  (registers the model admins)

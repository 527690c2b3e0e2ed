"""The officers' side of the secretariat's workspace, one module per area."""

from officers.admin import batches, people, placements, stories  # noqa: F401  (registers the model admins)

"""The officers' side of the secretariat's workspace, one module per area."""

from officers.admin import (  # noqa: F401  (registers the model admins)
    attachment,
    batches,
    career_updates,
    certificates,
    nomination_calls,
    nominations,
    people,
    placements,
    reminders,
    report_requirements,
    reported_figures,
    stories,
)

"""Spreadsheet import and export of officers, placements and career milestones.

Rows name officers by slug, batches by track slug and number, divisions and organisations by
name and countries by ISO code or name ("VN" or "Viet Nam"). See `batches.resources` for what
every import shares: one transaction per file, one readable problem per bad cell, and the
importing staff member recorded as the author of every history entry.

A file made for, or read from, a staff member who may not see officers' contact details has no
contact columns (`for_user`, checked by `officers.roles.may_see_contact_details`).
"""

from officers.resources.people import OfficerResource
from officers.resources.placements import CareerMilestoneResource, PlacementResource

__all__ = ["CareerMilestoneResource", "OfficerResource", "PlacementResource"]

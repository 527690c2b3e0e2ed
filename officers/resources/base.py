"""What every officers' spreadsheet shares: columns that follow the contact-details rule."""

from django.db.models.constants import LOOKUP_SEP

from core.imports.resources import PortalResource
from officers.models import Officer
from officers.roles import may_see_contact_details


class ContactDetailsResource(PortalResource):
    """A file whose columns follow the contact-details rule: a column that reaches an officer's email,
    phone or login (`Officer.CONTACT_DETAILS`) is left out for staff who may not see them.

    `for_user` is the staff member the file is made for or read from; the admin always gives it.
    Without one (a test, the list of columns on the import page) the file has every column.
    """

    class Meta(PortalResource.Meta):
        # Written together at the end of the file, each row compared with a shallow copy of its record
        # (core.imports.bulk): a file of thousands of rows imports within a request. What a save
        # would do besides writing the row is done by each resource's `after_import`.
        use_bulk = True
        skip_diff = True

    def __init__(self, *, for_user=None, **kwargs) -> None:
        super().__init__(**kwargs)
        if for_user is not None and not may_see_contact_details(for_user):
            for name, field in list(self.fields.items()):
                if field.attribute and set(field.attribute.split(LOOKUP_SEP)) & set(Officer.CONTACT_DETAILS):
                    del self.fields[name]

    def get_export_order(self) -> tuple[str, ...]:
        return tuple(name for name in super().get_export_order() if name in self.fields)

    def get_import_order(self) -> tuple[str, ...]:
        return tuple(name for name in super().get_import_order() if name in self.fields)

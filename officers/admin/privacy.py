"""Officers' contact details in the Secretariat's workspace: shown, searched, filtered on, listed in
a record's history and exported only for staff who may see them (`officers.roles.may_see_contact_details`).

Every model admin that reaches an officer mixes this in and names the lookups that lead to the
contact details from its own model, so the pages, the searches and the files follow one rule.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest
from django.utils.translation import gettext as _

from officers.models import Officer
from officers.roles import may_see_contact_details

# The mixin is only ever mixed into model admins: type-check it as one.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


def contact_lookups(prefix: str = "") -> tuple[str, ...]:
    """The lookups to an officer's contact details from a model that reaches the officer by `prefix`
    ("officer__" from a placement)."""
    return tuple(f"{prefix}{name}" for name in Officer.CONTACT_DETAILS)


def _is_under(lookup: str, hidden: tuple[str, ...]) -> bool:
    parts = lookup.lstrip("^=@").split(LOOKUP_SEP)
    return any(parts[: len(path)] == path for path in (h.split(LOOKUP_SEP) for h in hidden))


class ContactDetailsAdminMixin(_AdminBase):
    """Leaves the contact details out of the page, its search, its filters, its history and its
    files for staff who may not see them."""

    # The lookups to contact details from this admin's model.
    contact_details: tuple[str, ...] = ()
    # Said under the search box, to staff who may and may not search contact details.
    search_help_with_contact_details = ""
    search_help_without_contact_details = ""

    def hides_contact_details(self, request: HttpRequest) -> bool:
        return bool(self.contact_details) and not may_see_contact_details(request.user)

    def get_fieldsets(self, request: HttpRequest, obj=None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not self.hides_contact_details(request):
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [line for line in (self._without_contact_details(line) for line in options["fields"]) if line]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def _without_contact_details(self, line):
        if isinstance(line, list | tuple):
            kept = tuple(name for name in line if not _is_under(name, self.contact_details))
            return kept if len(kept) > 1 else (kept[0] if kept else None)
        return None if _is_under(line, self.contact_details) else line

    def get_list_display(self, request: HttpRequest) -> Any:
        columns = super().get_list_display(request)
        if not self.hides_contact_details(request):
            return columns
        return [
            column for column in columns if not isinstance(column, str) or not _is_under(column, self.contact_details)
        ]

    def get_search_fields(self, request: HttpRequest) -> Any:
        fields = super().get_search_fields(request)
        if not self.hides_contact_details(request):
            return fields
        return [field for field in fields if not _is_under(field, self.contact_details)]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Django allows any lookup on a model's own fields in the address (`?email__icontains=`):
        # that would find officers by an address their reader may not see.
        if request is not None and self.hides_contact_details(request) and _is_under(lookup, self.contact_details):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        if self.search_help_with_contact_details:
            changelist.search_help_text = (
                self.search_help_without_contact_details
                if self.hides_contact_details(request)
                else self.search_help_with_contact_details
            )
        return changelist

    # Spreadsheets: the resource leaves the contact columns out for this person (see officers.resources).
    def get_export_resource_kwargs(self, request: HttpRequest, **kwargs) -> dict:
        return {**super().get_export_resource_kwargs(request, **kwargs), "for_user": request.user}

    def get_import_resource_kwargs(self, request: HttpRequest, **kwargs) -> dict:
        return {**super().get_import_resource_kwargs(request, **kwargs), "for_user": request.user}

    def set_history_delta_changes(self, request: HttpRequest, historical_records, foreign_keys_are_objs=True) -> None:
        """The history's list of changes, without changes to contact details, and without the login of
        an officer who changed their own record (an officer's login is their email address)."""
        if not self.hides_contact_details(request):
            super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
            return
        own_fields = [name for name in self.contact_details if LOOKUP_SEP not in name]
        previous = None
        for current in historical_records:
            _mask_portal_login(current)
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=own_fields, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


def _mask_portal_login(record) -> None:
    """Name the author of a history entry without their login when they are not staff: an officer
    (or anyone else signing in to the portal) signs in with their email address."""
    author = record.history_user
    if author is None or author.is_staff:
        return
    own = getattr(record, "user_id", None) == author.pk
    label = _("%(name)s (on their own page)") % {"name": record.full_name} if own else _("a portal user")
    # An unsaved stand-in: the page prints its name, and no link to the login it hides.
    record.history_user = get_user_model()(username=label)

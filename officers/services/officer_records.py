"""An officer's record saved from the Secretariat's workspace."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from core.history import save_with_history
from officers.models import Officer
from officers.search_documents import refresh_search_documents


@transaction.atomic
def save_officer(*, officer: Officer, by: AbstractBaseUser, reason: str | None = None) -> Officer:
    """Save the record with `by` as the history author, and rebuild the search documents of the
    officer's stories, which hold the officer's name, in the same transaction."""
    save_with_history(officer, by=by, reason=reason)
    refresh_search_documents(officer.stories.all())
    return officer

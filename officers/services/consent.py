"""An officer's public-profile consent: given or withdrawn, dated, and kept in the history.

The public pages read consent through `Officer.objects.public()` and `GraduateStory.objects.public()`,
and every save makes the cached public pages stale (core/page_cache.py), so a withdrawal takes the
profile and the stories off the public site with the next request.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from core.history import save_with_history
from officers.models import Officer


@transaction.atomic
def give_consent(*, officer: Officer, by: AbstractBaseUser) -> Officer:
    """The officer agrees that the public may see their profile and published stories."""
    return _set_consent(officer=officer, consent=True, by=by, reason=gettext("Public-profile consent given"))


@transaction.atomic
def withdraw_consent(*, officer: Officer, by: AbstractBaseUser) -> Officer:
    """The officer no longer wants a public profile; their stories leave the public site with it."""
    return _set_consent(officer=officer, consent=False, by=by, reason=gettext("Public-profile consent withdrawn"))


def _set_consent(*, officer: Officer, consent: bool, by: AbstractBaseUser, reason: str) -> Officer:
    # Work on a locked, fresh copy: saving the caller's copy could write back fields a colleague
    # changed meanwhile. Only the two consent fields change, and they are valid by construction,
    # so no full_clean(): a withdrawal must never be blocked by an unrelated problem in the record.
    current = Officer.objects.select_for_update().get(pk=officer.pk)
    if current.public_profile_consent != consent:
        current.public_profile_consent = consent
        current.date_consent_change(was=not consent)
        save_with_history(current, by=by, reason=reason)
    officer.public_profile_consent = current.public_profile_consent
    officer.consent_changed_on = current.consent_changed_on
    officer.version = current.version
    return current

"""The language each signed-in person reads the portal and their mail in.

Everyone who signs in (officers, focal points, supervisors, staff) may choose one of
`settings.LANGUAGES`; it is remembered in their `LanguagePreference` and given back to them at
sign-in (`accounts.language_views`) and in every mail the portal sends them. A person who never
chose, and a recipient without a login, get `settings.LANGUAGE_CODE`.
"""

from django.conf import settings
from django.contrib.auth.models import User

from accounts.models import LanguagePreference, is_offered, validate_language


def remember_language(*, user: User, language: str) -> None:
    """Remember `language` for `user`; a code the portal does not offer raises ValidationError and
    leaves the earlier choice as it was. (`update_or_create` locks the person's row and writes in a
    transaction of its own, so two choices made at once leave one record.)"""
    validate_language(language)
    LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


def remembered_language(user: User | None) -> str | None:
    """The language `user` chose, while the portal still offers it; None when they never chose one.
    One query; none for a recipient without a login."""
    if user is None or user.pk is None:
        return None
    language = LanguagePreference.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language if language and is_offered(language) else None


def language_of(user: User | None) -> str:
    """The language to address `user` in: the one they chose, else the portal's default. One query."""
    return remembered_language(user) or settings.LANGUAGE_CODE

"""Email addresses as the portal stores and compares them, and links in the mail it sends."""

from django.conf import settings
from django.urls import reverse


def normalise_email(address: str) -> str:
    """Trimmed and lower-cased. Mail systems treat addresses case-insensitively in practice, and an
    address is also a login name: "Ratha@Example.org" and "ratha@example.org" must be one person."""
    return address.strip().lower()


def portal_link(view_name: str, **kwargs) -> str:
    """An absolute link to one of the portal's pages, for mail sent outside a request (PORTAL_URL)."""
    return settings.PORTAL_URL + reverse(view_name, kwargs=kwargs or None)

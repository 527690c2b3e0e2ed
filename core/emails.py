"""Email addresses as the portal stores and compares them."""


def normalise_email(address: str) -> str:
    """Trimmed and lower-cased. Mail systems treat addresses case-insensitively in practice, and an
    address is also a login name: "Ratha@Example.org" and "ratha@example.org" must be one person."""
    return address.strip().lower()

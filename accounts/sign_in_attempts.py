"""Who a sign-in attempt is recorded against, as django-axes should see it: an address
(`core.client_address`) and a username."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username as typed, cut to the longest a username can be and without NUL characters.

    Django's sign-in form does not check the username's length, so a 10,000-character one reaches
    authentication and axes would try to store it in a 255-character column: PostgreSQL refuses,
    and the sign-in page would fail with a server error instead of saying the details are wrong.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    if not isinstance(username, str):
        return username
    longest = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
    return username.replace("\x00", "")[:longest]

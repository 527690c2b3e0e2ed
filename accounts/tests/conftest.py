"""UserFactory sets the password after saving and does not save again, so the password a standing
user signs in with (and the session hash force_login computes from it) is not in the database.
Saving it here lets sessions of the standing users verify."""

import pytest


def _with_password_saved(user):
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def editor(editor):
    return _with_password_saved(editor)


@pytest.fixture
def officer_a(officer_a):
    _with_password_saved(officer_a.user)
    return officer_a

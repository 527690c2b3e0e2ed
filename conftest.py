"""Fixtures every test may use: fast hashing, a throwaway media folder, a clean cache, the default
language, and the standing users (an editor, a communications user, a viewer, officer A, officer B,
anonymous).

Sign users in with `client.force_login(user)`: django-axes needs the request that Django's
`client.login()` does not pass, and the sign-in form itself has tests of its own.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from officers.roles import COMMUNICATIONS, EDITOR, VIEWER
from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory
from tests.clients import signed_in_client


@pytest.fixture
def seeded(db):
    """The facts of the source article, as `make run` loads them."""
    call_command("seed_programme", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    private = settings.STORAGES["private"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**private, "OPTIONS": {**private.get("OPTIONS", {}), "location": tmp_path / "private-media"}},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    # A request to /km/... leaves Khmer active in the thread; the next test starts in the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()


def _staff(username: str, role: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    return user


@pytest.fixture
def editor(db):
    return _staff("editor@example.org", EDITOR)


@pytest.fixture
def communications(db):
    return _staff("communications@example.org", COMMUNICATIONS)


@pytest.fixture
def viewer(db):
    return _staff("viewer@example.org", VIEWER)


@pytest.fixture
def officer_a(db):
    """A graduate with a login and a completed placement."""
    officer = OfficerFactory(full_name="Officer Alpha", user=UserFactory(username="alpha@example.org"))
    PlacementFactory(officer=officer)
    return officer


@pytest.fixture
def officer_b(db):
    officer = OfficerFactory(full_name="Officer Bravo", country="KH", user=UserFactory(username="bravo@example.org"))
    PlacementFactory(officer=officer)
    return officer


@pytest.fixture
def editor_client(editor):
    return signed_in_client(editor)


@pytest.fixture
def communications_client(communications):
    return signed_in_client(communications)


@pytest.fixture
def viewer_client(viewer):
    return signed_in_client(viewer)


@pytest.fixture
def officer_a_client(officer_a):
    return signed_in_client(officer_a.user)

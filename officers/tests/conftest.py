"""Fixtures for the admin's tests: the seeded programme, and the signed-in staff clients and the
admin form reader shared with the batches' tests."""

import pytest
from django.core.management import call_command

from batches.tests.conftest import (  # noqa: F401  (fixtures, shared)
    admin_form_data,
    communications_client,
    editor_client,
    second_editor_client,
    viewer_client,
)


@pytest.fixture
def seeded(db):
    """The facts of the source article, as `make run` loads them."""
    call_command("seed_programme", verbosity=0)

"""Fixtures for the officers' tests: the seeded programme, and the admin form reader and second
editor shared with the batches' tests."""

from batches.tests.conftest import admin_form_data, second_editor_client  # noqa: F401  (shared fixtures)

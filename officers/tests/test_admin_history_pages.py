"""The history pages read as people write: who changed a record (or that the system did), the reason
or a dash, an empty value as a dash, and the record's own name in the revert page's breadcrumb."""

import pytest
from django.urls import reverse

from officers.tests.factories import GraduateStoryFactory, OfficerFactory, UserFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def test_a_change_made_by_no_one_signed_in_reads_system_and_empty_values_read_as_a_dash(editor_client):
    officer = OfficerFactory(full_name="Chan Dara", user=None)  # created by a script: no one signed in
    officer.user = UserFactory(username="chan.dara@example.org")
    officer.save()
    page = text_of(editor_client.get(reverse("admin:officers_officer_history", args=[officer.pk])))
    assert "System (no one signed in)" in page
    assert "None" not in page
    assert "pk=None" not in page
    assert "— → chan.dara@example.org" in page


def test_the_revert_page_names_the_records_own_list(editor_client):
    story = GraduateStoryFactory(headline="From Vientiane to Jakarta")
    version = story.history.earliest()
    response = editor_client.get(reverse("admin:officers_graduatestory_simple_history", args=[story.pk, version.pk]))
    breadcrumbs = response.content.decode().split('class="breadcrumbs"')[1].split("</div>")[0]
    assert "Graduate stories" in breadcrumbs
    assert "Historical" not in breadcrumbs
    assert "Revert graduate story" in breadcrumbs


@pytest.mark.parametrize("path", ["2/change/history/", "abc/history/", "{pk}/history/latest/"])
def test_a_history_address_with_no_real_key_is_not_found_not_a_server_error(editor_client, path):
    story = GraduateStoryFactory()
    address = reverse("admin:officers_graduatestory_changelist") + path.format(pk=story.pk)
    assert editor_client.get(address).status_code == 404

"""Choosing records in the admin: an organisation reads with its country wherever it is chosen (the
search box's answers and chosen value, the lists' filters), and a record that would duplicate another
is refused with a link to the one already there."""

import re

import pytest
from django.urls import reverse

from batches.models import Batch
from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import Organisation
from officers.tests.factories import OfficerFactory, OrganisationFactory
from officers.tests.nomination_factories import FocalPointFactory, NominationFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministries():
    """Two ministries of one name, in two countries, and an international body with no country."""
    return [
        OrganisationFactory(name="Ministry of Foreign Affairs", country="VN"),
        OrganisationFactory(name="Ministry of Foreign Affairs", country="LA"),
        OrganisationFactory(name="ASEAN Secretariat", country=""),
    ]


def search_organisations(client, term: str, *, endpoint: str = "admin:officers_organisation_autocomplete"):
    params = {"app_label": "officers", "model_name": "officer", "field_name": "home_organisation", "term": term}
    return client.get(reverse(endpoint), params)


# --- An organisation with its country


def test_the_home_organisation_search_answers_with_each_ministrys_country(editor_client, ministries):
    response = search_organisations(editor_client, "foreign")
    assert [result["text"] for result in response.json()["results"]] == [
        "Ministry of Foreign Affairs (Lao PDR)",
        "Ministry of Foreign Affairs (Viet Nam)",
    ]
    international = search_organisations(editor_client, "secretariat").json()["results"]
    assert international == [{"id": str(ministries[2].pk), "text": "ASEAN Secretariat"}]


def test_the_officer_page_asks_the_organisations_own_search_and_shows_the_chosen_one_with_its_country(
    editor_client, ministries
):
    officer = OfficerFactory(home_organisation=ministries[0])
    response = editor_client.get(reverse("admin:officers_officer_change", args=[officer.pk]))
    page = response.content.decode()
    chooser = re.search(r'<select name="home_organisation".*?</select>', page, re.DOTALL).group(0)
    assert f'data-ajax--url="{reverse("admin:officers_organisation_autocomplete")}"' in chooser
    assert re.search(
        rf'<option value="{ministries[0].pk}" selected>Ministry of Foreign Affairs \(Viet Nam\)</option>', chooser
    )
    # The public pages still print the name alone.
    assert str(ministries[0]) == "Ministry of Foreign Affairs"


def test_an_organisations_search_answers_for_organisations_only(editor_client):
    BatchFactory()
    params = {"app_label": "officers", "model_name": "placement", "field_name": "batch", "term": ""}
    assert editor_client.get(reverse("admin:officers_organisation_autocomplete"), params).status_code == 403
    assert editor_client.get(reverse("admin:batches_batch_autocomplete"), params).status_code == 200


def test_the_search_keeps_the_admins_sign_in(client, ministries):
    response = search_organisations(client, "foreign")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_nominations_filter_by_nominating_organisation_lists_each_with_its_country(editor_client, ministries):
    for ministry in ministries[:2]:
        NominationFactory(focal_point=FocalPointFactory(organisation=ministry), submitted=True)
    response = editor_client.get(reverse("admin:officers_nomination_changelist"))
    (organisations,) = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", None) == "nominating_organisation"
    ]
    assert sorted(label for _pk, label in organisations.lookup_choices) == [
        "Ministry of Foreign Affairs (Lao PDR)",
        "Ministry of Foreign Affairs (Viet Nam)",
    ]


# --- A duplicate, linked to the record already there


def error_links(response) -> list[str]:
    """The addresses the page's error messages link to."""
    errors = " ".join(re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', response.content.decode(), re.DOTALL))
    return re.findall(r'<a href="([^"]+)">', errors)


def test_a_batch_the_track_already_has_is_refused_with_a_link_to_it(editor_client, admin_form_data):
    existing = BatchFactory(track=ProgrammeTrackFactory(short_name="JD"), number=13)
    url = reverse("admin:batches_batch_add")
    data = admin_form_data(editor_client.get(url))
    data.update(track=existing.track.pk, number=13)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert error_links(response) == [reverse("admin:batches_batch_change", args=[existing.pk])]
    assert f"This track already has a batch with this number. The existing one: {existing}." in text_of(response)
    assert Batch.objects.count() == 1


def test_a_batch_changed_into_another_ones_number_links_to_that_one(editor_client, admin_form_data):
    track = ProgrammeTrackFactory()
    other, mine = BatchFactory(track=track, number=12), BatchFactory(track=track, number=13)
    url = reverse("admin:batches_batch_change", args=[mine.pk])
    data = admin_form_data(editor_client.get(url))
    data["number"] = 12
    response = editor_client.post(url, data)
    assert error_links(response) == [reverse("admin:batches_batch_change", args=[other.pk])]
    assert Batch.objects.get(pk=mine.pk).number == 13


def test_an_organisation_already_recorded_is_refused_with_a_link_to_it(editor_client, admin_form_data, ministries):
    url = reverse("admin:officers_organisation_add")
    data = admin_form_data(editor_client.get(url))
    data.update(name="Ministry of Foreign Affairs", country="VN")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert error_links(response) == [reverse("admin:officers_organisation_change", args=[ministries[0].pk])]
    assert "The existing one: Ministry of Foreign Affairs (Viet Nam)." in text_of(response)
    assert Organisation.objects.count() == 3

    data["country"] = "KH"
    assert editor_client.post(url, data).status_code == 302
    assert Organisation.objects.filter(name="Ministry of Foreign Affairs").count() == 3


def test_a_division_name_already_taken_is_refused_with_a_link_to_it(editor_client, admin_form_data):
    existing = DivisionFactory(name="Trade Facilitation Division")
    url = reverse("admin:batches_division_add")
    data = admin_form_data(editor_client.get(url))
    data["name"] = "Trade Facilitation Division"
    response = editor_client.post(url, data)
    assert error_links(response) == [reverse("admin:batches_division_change", args=[existing.pk])]

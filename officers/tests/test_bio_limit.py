"""An officer's bio is at most 2,000 characters: said beside the field, and refused with a clear
error by the record itself, whichever way it is written (their own page, the admin, a spreadsheet)."""

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.imports.problems import describe_problems
from officers.models import Officer
from officers.resources import OfficerResource
from officers.tests.factories import OfficerFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db

PROFILE = "/my/profile/"
LIMIT = 2000
# Khmer counts character by character, as any other script.
LONGEST = "ក" * LIMIT
TOO_LONG = "ក" * (LIMIT + 1)
TOO_LONG_ERROR = "A bio may be at most 2000 characters long; this one has 2001."


def test_the_record_takes_a_bio_of_2000_characters_and_refuses_one_more():
    OfficerFactory.build(bio=LONGEST, slug="x").full_clean(exclude=["home_organisation"])
    with pytest.raises(ValidationError) as refused:
        OfficerFactory.build(bio=TOO_LONG, slug="x").full_clean(exclude=["home_organisation"])
    assert refused.value.message_dict == {"bio": [TOO_LONG_ERROR]}


def test_the_officers_own_page_says_the_limit(officer_a_client):
    assert "at most 2,000 characters" in text_of(officer_a_client.get(PROFILE))


def test_the_officers_own_page_refuses_a_longer_bio_and_keeps_the_old_one(officer_a, officer_a_client):
    before = officer_a.bio
    data = {"bio": TOO_LONG, "portrait_alt": "", "opened_version": officer_a.version}

    response = officer_a_client.post(PROFILE, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"bio": [TOO_LONG_ERROR]}
    assert TOO_LONG_ERROR in text_of(response)
    assert Officer.objects.get(pk=officer_a.pk).bio == before


def test_the_officers_own_page_saves_a_bio_of_exactly_the_limit(officer_a, officer_a_client):
    data = {"bio": LONGEST, "portrait_alt": "", "opened_version": officer_a.version}
    assert officer_a_client.post(PROFILE, data).status_code == 302
    assert Officer.objects.get(pk=officer_a.pk).bio == LONGEST


def test_the_admin_form_says_the_limit_and_refuses_a_longer_bio(editor_client, admin_form_data):
    officer = OfficerFactory(bio="Short.")
    url = reverse("admin:officers_officer_change", args=[officer.pk])
    page = editor_client.get(url)
    assert "At most 2,000 characters." in text_of(page)

    response = editor_client.post(url, {**admin_form_data(page), "bio": TOO_LONG})

    assert response.status_code == 200
    assert TOO_LONG_ERROR in text_of(response)
    assert Officer.objects.get(pk=officer.pk).bio == "Short."


def test_an_import_row_with_a_longer_bio_is_refused_by_row_and_column(editor):
    dataset = tablib.Dataset(["Keo Sophea", "KH", TOO_LONG], headers=["full_name", "country", "bio"])
    resource = OfficerResource()

    result = resource.import_data(dataset, dry_run=False, user=editor)

    assert [(p.row, p.column, p.reason) for p in describe_problems(result, resource)] == [(2, "bio", TOO_LONG_ERROR)]
    assert not Officer.objects.filter(full_name="Keo Sophea").exists()

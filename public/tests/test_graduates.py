"""/graduates/<slug>/: a consenting graduate's public profile."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from officers.models import Officer
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
)
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def test_seeded_profile_shows_batch_division_career_and_story(client):
    call_command("seed_programme", verbosity=0)
    response = client.get("/graduates/chhy-ratha/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Ms. Chhy Ratha" in page
    assert "Cambodia, Attachment Programme for AEC and ASCC Involvement at the ASEC (2nd Batch, 2015-2016)" in page
    assert "Social Welfare, Women, Labor, and Migrant Workers Division" in page
    assert "Where they are now Director of International Cooperation Department" in page
    assert "Bureau Chief of Women and ASEAN Affairs" in page
    content = response.content.decode()
    assert 'href="/stories/chhy-ratha/"' in content
    assert 'href="/programme/aec-ascc/2/"' in content
    assert '<link rel="canonical" href="http://testserver/graduates/chhy-ratha/">' in content


def test_the_latest_milestone_is_where_they_are_now(client):
    officer = OfficerFactory()
    PlacementFactory(officer=officer)
    CareerMilestoneFactory(officer=officer, title="First Secretary", date="2015-01-01", date_precision="year")
    CareerMilestoneFactory(officer=officer, title="Deputy Director-General", date="2021-03-01")
    response = client.get(officer.get_absolute_url())
    assert response.context["latest_milestone"].title == "Deputy Director-General"
    assert "Where they are now Deputy Director-General" in text_of(response)


def test_bio_and_portrait_with_alt_text_and_credit(client):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 500), "grey").save(buffer, "JPEG")
    officer = OfficerFactory(bio="Joined the ministry in 2005.\n\nServed in Jakarta.")
    Officer.objects.filter(pk=officer.pk).update(
        portrait=default_storage.save("portraits/p.jpg", ContentFile(buffer.getvalue())),
        portrait_alt="Portrait of the officer in a blue jacket",
        portrait_credit="ASEAN Secretariat",
    )
    PlacementFactory(officer=officer)
    content = client.get(officer.get_absolute_url()).content.decode()
    assert re.search(r'<img src="/media/portraits/p[^"]*\.jpg" width="400" height="500" alt="Portrait of', content)
    assert "© ASEAN Secretariat" in content
    assert "<p>Joined the ministry in 2005.</p>" in content


def test_a_profile_without_a_portrait_shows_initials_and_no_image(client):
    officer = OfficerFactory(full_name="Nguyen Van Nam")
    PlacementFactory(officer=officer)
    content = client.get(officer.get_absolute_url()).content.decode()
    main = content[content.index("<main") :]
    assert "<img" not in main
    assert ">NN</text>" in main


def test_the_breadcrumb_leads_to_the_directory_and_the_country_is_linked(client):
    officer = OfficerFactory(full_name="Chhy Ratha", country="KH")
    PlacementFactory(officer=officer)
    response = client.get(officer.get_absolute_url())
    content = response.content.decode()
    breadcrumb = content[
        content.index('<nav class="breadcrumbs"') : content.index("</nav>", content.index("breadcrumbs"))
    ]
    assert " ".join(re.sub(r"<[^>]+>", " ", breadcrumb).split()) == "Home Graduates Chhy Ratha"
    assert '<a href="/graduates/">Graduates</a>' in breadcrumb
    assert '<p class="officer-line"><a href="/countries/kh/">Cambodia</a>, ' in content
    assert '<a href="/graduates/" aria-current="true">Graduates</a>' in content


class TestOnlyConsentingGraduatesHaveProfiles:
    def test_an_officer_without_consent_is_404(self, client):
        officer = OfficerFactory(public_profile_consent=False)
        PlacementFactory(officer=officer)
        assert client.get(officer.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("outcome", ["active", "withdrawn"])
    def test_an_officer_who_has_not_graduated_is_404(self, client, outcome):
        officer = OfficerFactory()
        PlacementFactory(officer=officer, outcome=outcome)
        assert client.get(officer.get_absolute_url()).status_code == 404

    def test_an_unknown_slug_is_404(self, client):
        assert client.get("/graduates/nobody/").status_code == 404

    def test_private_contact_details_never_appear(self, client):
        officer = OfficerFactory(email="only.for.staff@example.org", phone="+95 1 555 0100")
        PlacementFactory(officer=officer)
        content = client.get(officer.get_absolute_url()).content.decode()
        assert "only.for.staff@example.org" not in content
        assert "555 0100" not in content

    def test_only_public_stories_are_listed(self, client):
        officer = OfficerFactory()
        PlacementFactory(officer=officer)
        GraduateStoryFactory(officer=officer, headline="Published one")
        GraduateStoryFactory(officer=officer, headline="Draft one", state="draft", published_on=None)
        content = client.get(officer.get_absolute_url()).content.decode()
        assert "Published one" in content
        assert "Draft one" not in content


class TestSupervisors:
    def test_a_supervisor_who_is_a_public_graduate_is_linked_both_ways(self, client):
        mentor = OfficerFactory(full_name="Mentor Graduate")
        PlacementFactory(officer=mentor)
        mentee = OfficerFactory(full_name="Mentee Graduate")
        PlacementFactory(officer=mentee, supervisor=mentor, supervisor_name="")
        mentee_page = client.get(mentee.get_absolute_url()).content.decode()
        assert f'<a href="{mentor.get_absolute_url()}">Mentor Graduate</a>, a former attachment officer' in mentee_page
        mentor_page = client.get(mentor.get_absolute_url()).content.decode()
        assert f'<a href="{mentee.get_absolute_url()}">Mentee Graduate</a>' in mentor_page

    def test_a_supervisor_without_consent_is_not_named(self, client):
        mentor = OfficerFactory(full_name="Private Mentor", public_profile_consent=False)
        PlacementFactory(officer=mentor)
        mentee = OfficerFactory()
        PlacementFactory(officer=mentee, supervisor=mentor, supervisor_name="Private Mentor")
        assert "Private Mentor" not in client.get(mentee.get_absolute_url()).content.decode()

    def test_a_supervised_officer_without_consent_is_not_named(self, client):
        mentor = OfficerFactory()
        PlacementFactory(officer=mentor)
        mentee = OfficerFactory(full_name="Private Mentee", public_profile_consent=False)
        PlacementFactory(officer=mentee, supervisor=mentor)
        assert "Private Mentee" not in client.get(mentor.get_absolute_url()).content.decode()


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    graduate = OfficerFactory()
    placement = PlacementFactory(officer=graduate)
    CareerMilestoneFactory.create_batch(3, officer=graduate)
    GraduateStoryFactory.create_batch(2, officer=graduate)
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer, batch=placement.batch, supervisor=graduate)
    # the officer (public, with home organisation), their placements with batches, tracks and
    # divisions, their milestones, their public stories, the public officers they supervised
    with django_assert_num_queries(5):
        response = client.get(graduate.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["supervised"]) == officers

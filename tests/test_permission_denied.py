"""A page a role may not open says so in its own frame, with a way back, not a bare "403 Forbidden"."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.permission_denied import permission_denied
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def test_a_viewer_refused_an_add_page_gets_a_workspace_page_with_a_way_back(viewer_client):
    officers = reverse("admin:officers_officer_changelist")
    response = viewer_client.get(reverse("admin:officers_officer_add"), HTTP_REFERER=f"http://testserver{officers}")
    assert response.status_code == 403
    page = text_of(response)
    assert "This page is not open to your role" in page
    assert "Nothing was changed." in page
    assert "Secretariat" in page  # the workspace's own header
    content = response.content.decode()
    assert f'href="http://testserver{officers}"' in content
    assert f'href="{reverse("admin:index")}"' in content


def test_the_way_back_never_leads_to_another_site(viewer_client):
    response = viewer_client.get(reverse("admin:officers_officer_add"), HTTP_REFERER="https://elsewhere.example/")
    assert response.status_code == 403
    assert "elsewhere.example" not in response.content.decode()


def test_communications_refused_the_nominations_get_the_same_page(communications_client):
    response = communications_client.get(reverse("admin:officers_nomination_changelist"))
    assert response.status_code == 403
    assert "This page is not open to your role" in text_of(response)


def test_outside_the_workspace_the_refusal_is_a_page_of_the_public_site(rf: RequestFactory, django_user_model):
    request = rf.get("/somewhere/")
    request.user = django_user_model.objects.create_user("someone", password="not-used-here")
    response = permission_denied(request)
    assert response.status_code == 403
    content = response.content.decode()
    assert "This page is not open to you" in content
    assert 'href="/my/"' in content

"""Every page of the workspace opens for the roles that may see it, on the seeded programme."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("batches", "officers")


def portal_models():
    return [model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS]


@pytest.mark.parametrize("client_fixture", ["editor_client", "viewer_client"])
def test_every_list_change_and_history_page_opens(seeded, request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    for model in portal_models():
        opts = model._meta
        record = model._default_manager.first()
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        if record is not None:
            urls += [
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]),
            ]
        for url in urls:
            assert client.get(url).status_code == 200, url


def test_every_add_page_opens_for_an_editor(seeded, editor_client):
    for model in portal_models():
        opts = model._meta
        assert editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_communications_opens_the_story_pages(seeded, communications_client):
    for name in ["graduatestory", "storyphoto"]:
        assert communications_client.get(reverse(f"admin:officers_{name}_add")).status_code == 200
        assert communications_client.get(reverse(f"admin:officers_{name}_changelist")).status_code == 200

"""Every page of the workspace opens for the roles that may see it, on the seeded programme, and says
what it shows: the records listed, the record opened, its history; with the buttons the role may use."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from officers.tests.admin_reading import counted, has_save_button, heading, object_tools
from tests.reading import text_of

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("batches", "officers")
# Records that are read in the workspace and move on their people's own pages: objectives and reports
# on /my/ and /supervise/; reminders are sent by the scheduler.
READ_ONLY = {"placementobjectives", "attachmentreport", "sentreminder"}
# Records no one adds in the workspace: nominations come from the focal points' own pages, career
# updates from the graduates' /my/career/, certificates from completing a placement (and are revoked
# from their list), and the read-only ones above from their own pages.
ADDED_ELSEWHERE = {"nomination", "careerupdate", "certificate", *READ_ONLY}


def portal_models():
    return [model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS]


def url_of(opts, page: str, *args) -> str:
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


@pytest.mark.parametrize(("client_fixture", "verb"), [("editor_client", "change"), ("viewer_client", "view")])
def test_every_list_change_and_history_page_shows_its_records(seeded, request, client_fixture, verb):
    client = request.getfixturevalue(client_fixture)
    for model in portal_models():
        opts = model._meta
        model_admin = admin.site._registry[model]
        editor = client_fixture == "editor_client" and opts.model_name not in READ_ONLY
        verb = "change" if editor else "view"

        listing = client.get(url_of(opts, "changelist"))
        assert heading(listing) == f"Select {opts.verbose_name} to {verb}", opts.model_name
        assert counted(model._default_manager.count(), opts) in text_of(listing), opts.model_name
        tools = object_tools(listing)
        may_add = editor and opts.model_name not in ADDED_ELSEWHERE
        assert (f"Add {opts.verbose_name}" in tools) is may_add, opts.model_name
        assert ("Import" in tools) is (editor and hasattr(model_admin, "import_action")), opts.model_name

        record = model._default_manager.first()
        if record is None:
            continue
        assert f'href="{url_of(opts, "change", record.pk)}"' in listing.content.decode(), opts.model_name

        form = client.get(url_of(opts, "change", record.pk))
        assert heading(form) == f"{verb.capitalize()} {opts.verbose_name}", opts.model_name
        assert f"<h2>{escape(str(record))}</h2>" in form.content.decode(), opts.model_name
        assert has_save_button(form) is editor, opts.model_name
        assert "History" in object_tools(form), opts.model_name

        history = client.get(url_of(opts, "history", record.pk))
        assert heading(history) == f"{verb.capitalize()} history: {record}", opts.model_name
        entries = getattr(record, opts.simple_history_manager_attribute).count()
        assert f"{entries} {'entry' if entries == 1 else 'entries'}" in text_of(history), opts.model_name


def test_every_add_page_offers_an_empty_form_to_an_editor(seeded, editor_client):
    for model in portal_models():
        opts = model._meta
        if opts.model_name in ADDED_ELSEWHERE:
            assert editor_client.get(url_of(opts, "add")).status_code == 403
            continue
        response = editor_client.get(url_of(opts, "add"))
        assert heading(response) == f"Add {opts.verbose_name}", opts.model_name
        assert has_save_button(response), opts.model_name
        assert 'name="_addanother"' in response.content.decode(), opts.model_name
        assert "History" not in object_tools(response), opts.model_name


@pytest.mark.parametrize(("name", "model_name"), [("graduate story", "graduatestory"), ("story photo", "storyphoto")])
def test_communications_lists_and_adds_stories_and_photos(seeded, communications_client, name, model_name):
    listing = communications_client.get(reverse(f"admin:officers_{model_name}_changelist"))
    assert heading(listing) == f"Select {name} to change"
    model = listing.context["cl"].model
    assert counted(model.objects.count(), model._meta) in text_of(listing)
    assert object_tools(listing) == [f"Add {name}"]

    form = communications_client.get(reverse(f"admin:officers_{model_name}_add"))
    assert heading(form) == f"Add {name}"
    assert has_save_button(form)

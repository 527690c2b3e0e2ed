"""Helpers for driving the admin's own forms in tests, as a browser would."""

from datetime import date, datetime

import pytest


def _posted_value(bound):
    """What a browser sends for one field as rendered; None when it sends nothing."""
    if getattr(bound.field.widget, "input_type", None) == "file":
        return None
    value = bound.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def changeform_data(response) -> dict:
    """The POST data a browser would send back from an admin add/change page as it was rendered:
    the main form and every inline formset, with their management forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict = {}
    for form in forms:
        for bound in form:
            value = _posted_value(bound)
            if value is not None:
                data[bound.html_name] = value
    return data


@pytest.fixture
def admin_form_data():
    """`admin_form_data(response)`: the POST data of the admin form `response` rendered."""
    return changeform_data


def signed_in_client(user):
    """A client signed in as `user`, read back from the database first: the user factory sets
    the password without saving it, and a session made from the unsaved copy would not survive
    its first request (Django checks the password hash it was made with)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


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
def second_editor_client(db):
    """Another Secretariat editor, signed in: the colleague editing the same record."""
    from django.contrib.auth.models import Group

    from officers.roles import EDITOR
    from officers.tests.factories import UserFactory

    user = UserFactory(username="second-editor@example.org", is_staff=True)
    user.groups.set([Group.objects.get(name=EDITOR)])
    return signed_in_client(user)

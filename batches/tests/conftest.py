"""Helpers for driving the admin's own forms in tests, as a browser would."""

from datetime import date, datetime

import pytest

from tests.clients import signed_in_client


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


@pytest.fixture
def second_editor_client(db):
    """Another Secretariat editor, signed in: the colleague editing the same record."""
    from django.contrib.auth.models import Group

    from officers.roles import EDITOR
    from officers.tests.factories import UserFactory

    user = UserFactory(username="second-editor@example.org", is_staff=True)
    user.groups.set([Group.objects.get(name=EDITOR)])
    return signed_in_client(user)

"""What a changelist's computed columns share."""

from django.db import models


def choice_label(choices: type[models.Choices], value: str) -> str:
    """The label `get_FOO_display()` gives, found by value. Django's hashes every label of the
    field, a translation each, on every call: a tenth of a list of fifty rows with a label each."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value

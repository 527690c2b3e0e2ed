"""The rule every dated record shares: it cannot end before it starts."""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import CheckConstraint, F, Q


class EndNotBeforeStart(CheckConstraint):
    """`end_date` on or after `start_date` when both are known, held by the database and reported
    by `full_clean()` against the end field, where the person typed the wrong date.

    It deconstructs as the plain `CheckConstraint` it is, so migrations see no difference.
    """

    def __init__(self, *, name: str, violation_error_message: str, **kwargs) -> None:
        kwargs.pop("condition", None)
        condition = Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date"))
        super().__init__(condition=condition, name=name, violation_error_message=violation_error_message, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({"end_date": error.messages}) from None

    def deconstruct(self) -> tuple:
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

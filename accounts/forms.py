from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CodeField(forms.CharField):
    def to_python(self, value: str | None) -> str:
        # Apps often show the code as "123 456"; accept it as typed.
        return super().to_python(value).replace(" ", "")


class OneTimeCodeForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    token = CodeField(
        label=_("Code from your authenticator app"),
        max_length=12,
        strip=True,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the 6-digit code your authenticator app shows now."))],
        error_messages={
            "required": _("Enter the 6-digit code your authenticator app shows now."),
            "max_length": _("Enter the 6-digit code your authenticator app shows now."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.language import language_of


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


class PasswordResetInOwnLanguageForm(PasswordResetForm):
    """Django's password-reset form, its mail written in the language the person chose
    (`language_of`), as every other mail the portal sends them, whatever the language of the page
    they asked from: a person who never chose gets English even from /km/. The reset link in it
    opens the page in that language too, since the address is reversed in it."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(language_of(context["user"])):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )

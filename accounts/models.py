from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def is_offered(code: str) -> bool:
    """Whether the portal is offered in the language `code` (one of `settings.LANGUAGES`)."""
    return code in dict(settings.LANGUAGES)


def validate_language(code: str) -> None:
    """A language the portal offers now. Checked against `settings.LANGUAGES` when saved rather than
    written into the field's choices, so that offering a new language needs no migration."""
    if not is_offered(code):
        raise ValidationError(
            _("The portal is not offered in “%(code)s”."), code="unknown_language", params={"code": code}
        )


class LanguagePreference(models.Model):
    """The language a person chose for the portal: the pages they get when they sign in, and the mail
    the portal sends them. Kept beside the login rather than on a role's record, because officers,
    focal points, supervisors and staff all sign in and all receive mail. No row: the default language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="language_preference",
        verbose_name=_("login"),
    )
    language = models.CharField(_("language"), max_length=15, validators=[validate_language])

    class Meta:
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"

"""The forms an officer fills in about themselves. None of them names an officer: the view supplies
the signed-in officer's own record, so nothing posted can point a form at someone else."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.language_names import language_choices
from core.versioning import VersionCheckedForm
from officers.models import Officer
from officers.models.people import BIO_MAX_LENGTH


class OwnProfileForm(VersionCheckedForm):
    """Bio and portrait: the only parts of their record an officer may change themselves.
    Everything about placements stays with the Secretariat. The bio's length is the model's rule
    (`BIO_MAX_LENGTH`), checked when the form validates the record."""

    class Meta:
        model = Officer
        fields = ["bio", "portrait", "portrait_alt"]
        labels = {
            "bio": _("About you"),
            "portrait": _("Portrait"),
            "portrait_alt": _("Describe your portrait"),
        }
        help_texts = {
            "bio": format_lazy(
                _(
                    "A few lines in your own words, at most {limit:,} characters. "
                    "Shown on your public profile when you consent to one."
                ),
                limit=BIO_MAX_LENGTH,
            ),
            "portrait": _("A JPEG, PNG or WebP photo of you."),
            "portrait_alt": _(
                "For people who cannot see the photo, e.g. “Smiling, in front of the ASEAN Secretariat”. "
                "Required with a portrait."
            ),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 8}),
            "portrait": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }


class ConsentForm(forms.Form):
    """Whether the public may see the officer's profile and published stories."""

    public_profile_consent = forms.BooleanField(
        label=_("Show my profile and my published stories to the public"),
        required=False,
        help_text=_("Untick to take them off the public site at once. You can change your mind at any time."),
    )


class LanguageSelect(forms.Select):
    """A select of languages, each option marked with its own language so screen readers pronounce
    "ខ្មែរ" as Khmer, not as English."""

    def create_option(self, name, value, *args, **kwargs) -> dict:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class LanguageForm(forms.Form):
    """The language of the officer's pages once they sign in, and of the mail the portal sends them.
    Left out of a post, the choice stays as it was."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        required=False,
        widget=LanguageSelect,
        help_text=_("The portal's pages after you sign in, and the emails it sends you, are in this language."),
    )

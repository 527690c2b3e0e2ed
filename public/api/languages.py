"""Which language the API's stories are given in: the one `?lang=` names, else the first of the
`Accept-Language` header's that the portal speaks, else English. The story endpoints and a graduate's
profile give each story's published translation into it where one exists, and say in `language` which
language the text is in.

`lang` is among the query parameters the page cache keys on (public/api/urls.py), so each language's
answer is stored apart. An answer chosen by the header alone is never stored: the page cache keys on
the address, which does not carry the header's choice. A client that wants cached answers in a
language names it with `?lang=`.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError

from core.locale_middleware import header_language, named_language, supported_language
from core.page_cache import keep_out_of_cache
from officers.models.story_translations import with_translation

LANGUAGE_PARAMETERS = ("lang",)


def requested_language(request: HttpRequest) -> tuple[str, bool]:
    """The language to answer in, and whether the header chose it (rather than `?lang=` or the default).
    A `lang` the portal does not speak is a 400 that lists those it does."""
    named = named_language(request)
    if named:
        language = supported_language(named)
        if language is None:
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            message = gettext("The portal has no language “%(lang)s”: name one of %(codes)s.")
            raise ValidationError({"lang": [message % {"lang": named[:20], "codes": codes}]})
        return language, False
    if language := header_language(request):
        return language, True
    return settings.LANGUAGE_CODE, False


class StoryLanguageMixin:
    """A story endpoint answering in the requested language: its stories read with their translation
    into it (`with_translation`), its labels and messages in it."""

    language = settings.LANGUAGE_CODE

    def get(self, request, *args, **kwargs):
        self.language, from_header = requested_language(request)
        with translation.override(self.language):
            response = super().get(request, *args, **kwargs)
        response["Content-Language"] = self.language
        patch_vary_headers(response, ["Accept-Language"])
        if from_header and self.language != settings.LANGUAGE_CODE:
            keep_out_of_cache(response)
        return response

    def translated(self, stories):
        return with_translation(stories, self.language, captions=True)

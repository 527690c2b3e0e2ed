"""Language prefixes in addresses: English unprefixed, then /km/, /lo/, /vi/ and, for Burmese, /my-mm/.

Burmese's language code is "my", but /my/ has always been the officers' own page: every link to
/my/... that officers, emails and certificates carry must keep reaching it, in English. So Burmese
pages live under /my-mm/ (Burmese as written in Myanmar), and /my/ is never read as a language.
"""

from django.conf import settings
from django.urls import URLResolver, translate_url
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language, override

# Languages whose address prefix is not their code.
PREFIX_NOT_CODE = {"my": "my-mm"}


def url_prefix(language_code: str) -> str:
    return PREFIX_NOT_CODE.get(language_code, language_code)


def language_from_path(path: str) -> str | None:
    """The language whose prefix begins this path ("/my-mm/stories/" is Burmese), or None for an
    unprefixed, English address ("/my/" is the officers' page, not Burmese)."""
    first_segment = path.lstrip("/").split("/", 1)[0]
    prefixed = {url_prefix(code): code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
    return prefixed.get(first_segment)


class LanguagePrefixPattern(LocalePrefixPattern):
    """Django's prefix of `i18n_patterns`, with the prefix of PREFIX_NOT_CODE where a language has one."""

    @property
    def language_prefix(self) -> str:
        language_code = get_language() or settings.LANGUAGE_CODE
        if language_code == settings.LANGUAGE_CODE and not self.prefix_default_language:
            return ""
        return f"{url_prefix(language_code)}/"


def language_patterns(*urls) -> list[URLResolver]:
    """`i18n_patterns(*urls, prefix_default_language=False)` with the portal's prefixes."""
    if not settings.USE_I18N:
        return list(urls)
    return [URLResolver(LanguagePrefixPattern(prefix_default_language=False), list(urls))]


def path_in_language(path: str, language_code: str) -> str:
    """The same page in another language: "/stories/x/" in Khmer is "/km/stories/x/". An address
    outside the language prefixes (the admin, the API) or that names no page comes back unchanged.

    `path` is read in the language of its own prefix, whatever the language active now."""
    with override(language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language_code)

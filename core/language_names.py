"""Each of the portal's languages named in itself ("ខ្មែរ", "ລາວ", "Tiếng Việt"), as a reader looks for their
own: the language switch of every page and the choice of language a signed-in person makes name them so.

Django's language information gives the names, which the settings complete (Lao, which Django does not
know; Khmer and English named in themselves).
"""

import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info


def local_name(code: str) -> str:
    """The language's name in itself, composed (NFC), as the web writes text: Django spells "Tiếng Việt"
    with combining accents, which some fonts draw apart from their letters. A language Django knows
    nothing of keeps the name `settings.LANGUAGES` gives it; a code that is in neither is a KeyError."""
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        name = str(dict(settings.LANGUAGES)[code])
    return unicodedata.normalize("NFC", name)


def language_choices() -> list[tuple[str, str]]:
    """The portal's languages in the order of `settings.LANGUAGES`, each with its name in itself."""
    return [(code, local_name(code)) for code, _name in settings.LANGUAGES]

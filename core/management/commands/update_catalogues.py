"""Extract the interface's strings into the catalogue of every language it is translated into
(`make messages`): a new string arrives untranslated, a changed one marked fuzzy, a removed one goes.

The Secretariat's workspace (the admin and the staff reports) stays in English, so its modules are
left out, as are development data, tests and tools.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Every language of the portal but English, the language the strings are written in.
TRANSLATED_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
LEFT_OUT = [
    # The catalogues themselves: makemessages would otherwise write beside the first "locale" folder it
    # finds rather than into LOCALE_PATHS (which a test points at a copy).
    "locale",
    ".venv",
    "node_modules",
    "staticfiles",
    "screenshots",
    "*/admin/*",
    "templates/admin/*",
    "attachment_portal/admin_site.py",
    "reports/*",
    "devdata/*",
    "*/tests/*",
    "tests/*",
    "bench/*",
    "deploy/*",
]


class Command(BaseCommand):
    help = "Update locale/<language>/LC_MESSAGES/django.po for every translated language."

    def handle(self, *args, **options) -> None:
        call_command(
            "makemessages",
            locale=list(TRANSLATED_LANGUAGES),
            ignore_patterns=LEFT_OUT,
            no_obsolete=True,
            add_location="file",
            verbosity=options["verbosity"],
        )

"""The pages nginx shows when Django cannot answer, written out as static HTML (`make serve`, deployments).

nginx answers some requests itself: a request body over its size limit (413), an address over its length
limit (414), gunicorn down or restarting (502), maintenance (503), gunicorn too slow (504). These pages are
rendered from templates/errors/ with the portal's header, footer, wording and stylesheet, so that showing
them needs nothing but nginx: once per language, English as <status>.html and each other language in the
folder of its address prefix (km/413.html, my-mm/413.html), where deploy/nginx/portal.conf picks the copy
for the address that failed. Run after collectstatic: they link to the collected stylesheets (by their
hashed names when DEBUG is off), which nginx serves from STATIC_ROOT.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.error_pages import render_error_page
from core.i18n_urls import url_prefix

STATUS_CODES = (413, 414, 502, 503, 504)


def folder_for(language: str, folder: Path) -> Path:
    """English at the top, as before there were languages; another language under its address prefix."""
    return folder if language == settings.LANGUAGE_CODE else folder / url_prefix(language)


class Command(BaseCommand):
    help = "Write the error pages nginx shows (413, 414, 502, 503, 504) as static HTML files, one set per language."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="folder to write <status>.html and <prefix>/<status>.html into (default: STATIC_ROOT/errors)",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        folder = output or Path(settings.STATIC_ROOT) / "errors"
        for language, _name in settings.LANGUAGES:
            language_folder = folder_for(language, folder)
            language_folder.mkdir(parents=True, exist_ok=True)
            with translation.override(language):
                for status_code in STATUS_CODES:
                    try:
                        page = render_error_page(f"errors/{status_code}.html", status_code=status_code)
                    except ValueError as error:
                        # The manifest storage's way of saying a file was never collected.
                        raise CommandError(f"{error}: run collectstatic first.") from error
                    (language_folder / f"{status_code}.html").write_text(page, encoding="utf-8")
        pages = len(STATUS_CODES) * len(settings.LANGUAGES)
        self.stdout.write(f"Wrote {pages} error pages in {len(settings.LANGUAGES)} languages to {folder}")

"""The pages nginx shows when Django cannot answer, written out as static HTML (`make serve`, deployments).

nginx answers some requests itself: a request body over its size limit (413), an address over its length
limit (414), gunicorn down or restarting (502), maintenance (503), gunicorn too slow (504). These pages are
rendered from templates/errors/ with the portal's header, footer, wording and stylesheet, once, so that
showing them needs nothing but nginx. Run after collectstatic: they link to the collected stylesheet (by
its hashed name when DEBUG is off), which nginx serves from STATIC_ROOT.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.error_pages import render_error_page

STATUS_CODES = (413, 414, 502, 503, 504)


class Command(BaseCommand):
    help = "Write the error pages nginx shows (413, 414, 502, 503, 504) as static HTML files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="folder to write <status>.html into (default: STATIC_ROOT/errors, beside the stylesheet)",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        folder = output or Path(settings.STATIC_ROOT) / "errors"
        folder.mkdir(parents=True, exist_ok=True)
        with translation.override(settings.LANGUAGE_CODE):
            for status_code in STATUS_CODES:
                try:
                    page = render_error_page(f"errors/{status_code}.html", status_code=status_code)
                except ValueError as error:
                    # The manifest storage's way of saying a file was never collected.
                    raise CommandError(f"{error}: run collectstatic first.") from error
                (folder / f"{status_code}.html").write_text(page, encoding="utf-8")
        self.stdout.write(f"Wrote {len(STATUS_CODES)} error pages to {folder}")

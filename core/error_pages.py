"""The pages shown when something has failed, rendered without a request, the database or the cache:
by Django (a database outage, an oversized upload) and, written out once per language, by nginx (413,
414, 502, 503, 504). One function gives every such page the same facts to state; the page is in the
language active when it is rendered."""

from django.conf import settings
from django.template.loader import render_to_string


def render_error_page(template: str, *, status_code: int) -> str:
    return render_to_string(
        template, {"status_code": status_code, "image_upload_limit": settings.IMAGE_UPLOAD_MAX_BYTES}
    )

"""Oversized uploads are refused before they are read, not after they have been spooled to disk.

Django reads a whole multipart body before a form sees its files, writing each file over
FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file: a 200 MB upload would be on disk before the
image field's size check (core/images.py) refused it. So:

- `UploadLimitMiddleware` answers 413, with the page nginx shows for the same refusal
  (templates/errors/413.html), to a multipart request whose Content-Length is over the image
  limit plus room for the form's other fields, before anything reads the body (the first reader,
  the CSRF check, runs after every middleware's request phase).
- `UploadLimitHandler`, first in FILE_UPLOAD_HANDLERS, refuses such a request again where the
  body is parsed, before reading it, should it arrive there (Django answers that with a 400, not
  a 500). Within the limit, any file part that passes the image limit is kept no further: the
  rest of it (at most the room left for other fields) is read and dropped, and the form receives
  a stand-in of the part's size, which the image field refuses with its usual message. Any other
  file field must check the size first too: the stand-in reads as empty.

nginx refuses the same bodies first (deploy/nginx/portal.conf, `client_max_body_size 10m`); this
holds wherever Django is reached without it.
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse

from core.error_pages import render_error_page

# A form's fields besides the image, and the multipart boundaries and part headers. With the
# 8 MiB image limit this makes 10 MiB, nginx's client_max_body_size.
FORM_OVERHEAD_BYTES = 2 * 1024 * 1024


def max_request_bytes() -> int:
    return settings.IMAGE_UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES


def _declared_length(meta: dict) -> int:
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        # Django's parser refuses a malformed length itself.
        return 0


class UploadTooLarge(RequestDataTooBig):
    """A multipart request declared a body over the upload limit; none of it was read."""


class RefusedUpload(UploadedFile):
    """Stands in for a file part that passed the image limit: its size is known, its bytes were not kept.

    The image field's check refuses a file by its size before reading a byte of it.
    """

    def __init__(self, *, name: str | None, content_type: str | None, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size, charset=charset)


class UploadLimitHandler(FileUploadHandler):
    """Put first in FILE_UPLOAD_HANDLERS: it sees each chunk before the handlers that keep it."""

    refused = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        if content_length > max_request_bytes():
            raise UploadTooLarge(
                f"A multipart body of {content_length} bytes was refused; the limit is {max_request_bytes()}."
            )

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.IMAGE_UPLOAD_MAX_BYTES:
            self.refused = True
        # None keeps the chunk from the handlers after this one, which would write it to memory or disk.
        return None if self.refused else raw_data

    def file_complete(self, file_size: int) -> RefusedUpload | None:
        if not self.refused:
            return None
        return RefusedUpload(name=self.file_name, content_type=self.content_type, size=file_size, charset=self.charset)


class UploadLimitMiddleware:
    """Answers an oversized multipart request with 413 before its body is read."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type == "multipart/form-data" and _declared_length(request.META) > max_request_bytes():
            return upload_too_large()
        return self.get_response(request)


def upload_too_large() -> HttpResponse:
    """The page nginx shows for a body over its limit: the same words whichever refuses it."""
    return HttpResponse(render_error_page("errors/413.html", status_code=413), status=413)

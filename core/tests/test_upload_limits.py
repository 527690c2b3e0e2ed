"""Oversized uploads are refused before their bodies are read or spooled, with a clear answer."""

import io
import os
from unittest import mock

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from core.tests.images import image_bytes, upload
from core.upload_limits import RefusedUpload, UploadLimitHandler, UploadTooLarge

pytestmark = pytest.mark.django_db

HANDLERS = [
    "core.upload_limits.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MIDDLEWARE = "core.upload_limits.UploadLimitMiddleware"
MB = 1024 * 1024
BOUNDARY = "BoUnDaRy"


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads a byte of it."""

    def read(self, *args):
        raise AssertionError("The request body was read.")

    readline = readinto = read


@pytest.fixture
def upload_limits(settings):
    """The settings lines: the handler first, the middleware just above django-axes (which must stay last)."""
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    others = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    settings.MIDDLEWARE = [*others[:-1], MIDDLEWARE, others[-1]]


def noise_png(width: int, height: int) -> bytes:
    """A PNG that does not compress: as many bytes as pixels."""
    output = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(output, format="PNG")
    return output.getvalue()


def post_declaring(client, length: int):
    """A multipart POST to the profile page that declares `length` bytes and has none to give."""
    return client.generic(
        "POST",
        reverse("my:edit-profile"),
        b"-",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
    )


def test_a_200_mb_upload_gets_the_413_page_without_a_byte_being_read(upload_limits, officer_a_client):
    response = post_declaring(officer_a_client, 200 * MB)

    assert response.status_code == 413
    content = response.content.decode()
    assert "This upload is too large" in content
    assert "A photo or portrait can be up to 8.0\xa0MB" in content


def test_without_the_middleware_the_handler_refuses_it_unread_with_a_400_not_a_500(settings, officer_a_client):
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "core.upload_limits.UploadLimitMiddleware"]

    response = post_declaring(officer_a_client, 200 * MB)

    assert response.status_code == 400


def test_a_body_within_the_limit_is_let_through(upload_limits, officer_a, officer_a_client):
    response = officer_a_client.post(
        reverse("my:edit-profile"),
        {"bio": "", "portrait": upload("me.png", image_bytes("PNG")), "portrait_alt": "Me", "opened_version": 1},
    )

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.portrait.name.startswith("portraits/")


def test_a_file_over_the_image_limit_is_dropped_as_it_passes_it_and_the_form_says_why(
    upload_limits, settings, officer_a, officer_a_client
):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100_000
    # Every file goes to disk, so whatever reaches the spooling handler would be written there.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    photo = noise_png(400, 400)
    assert len(photo) > 300_000
    spooled = []
    spool = TemporaryFileUploadHandler.receive_data_chunk

    def counting_spool(handler, raw_data, start):
        spooled.append(len(raw_data))
        return spool(handler, raw_data, start)

    with mock.patch.object(
        TemporaryFileUploadHandler, "receive_data_chunk", autospec=True, side_effect=counting_spool
    ):
        response = officer_a_client.post(
            reverse("my:edit-profile"),
            {"bio": "", "portrait": upload("me.png", photo), "portrait_alt": "Me", "opened_version": 1},
        )

    assert response.status_code == 200
    assert response.context["form"].errors["portrait"] == [
        f"This file is {filesizeformat(len(photo))}; an image may be at most {filesizeformat(100_000)}. "
        "Save a smaller copy and upload that."
    ]
    assert sum(spooled) <= 100_000
    officer_a.refresh_from_db()
    assert not officer_a.portrait


# --- The handler on its own ------------------------------------------------------------------


def chunks_through(handler: UploadLimitHandler, sizes: list[int]) -> list[bytes | None]:
    handler.new_file("portrait", "me.jpg", "image/jpeg", None)
    passed, start = [], 0
    for size in sizes:
        passed.append(handler.receive_data_chunk(b"x" * size, start))
        start += size
    return passed


def test_a_file_up_to_the_limit_passes_untouched(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    handler = UploadLimitHandler()

    assert chunks_through(handler, [600, 400]) == [b"x" * 600, b"x" * 400]
    # The handlers after it return the file.
    assert handler.file_complete(1000) is None


def test_a_file_past_the_limit_is_kept_no_further_and_stands_in_at_its_size(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    handler = UploadLimitHandler()

    assert chunks_through(handler, [600, 600, 600]) == [b"x" * 600, None, None]
    refused = handler.file_complete(1800)
    assert isinstance(refused, RefusedUpload)
    assert (refused.name, refused.size, refused.read()) == ("me.jpg", 1800, b"")

    # The next file in the same request starts afresh.
    assert chunks_through(handler, [10]) == [b"x" * 10]


def test_the_request_limit_leaves_room_for_the_rest_of_the_form(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 8 * MB
    handler = UploadLimitHandler()
    request = RequestFactory().post("/", content_type="multipart/form-data; boundary=x")

    assert handler.handle_raw_input(Unreadable(), request.META, 10 * MB, b"x") is None
    with pytest.raises(UploadTooLarge):
        handler.handle_raw_input(Unreadable(), request.META, 10 * MB + 1, b"x")

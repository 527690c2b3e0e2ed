import io
import struct
import time
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import modelform_factory
from django.test import RequestFactory
from PIL import ExifTags, Image, ImageFile

from core.images import ValidatedImageFormField
from core.tests.images import image_bytes, upload
from officers.models import Officer, StoryPhoto
from officers.tests.factories import GraduateStoryFactory, OfficerFactory

pytestmark = pytest.mark.django_db


# --- Files to upload ------------------------------------------------------------------------


def jpeg_with_gps_and_orientation(size=(64, 32)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    # "Rotate 90° clockwise to display": the stored photo is upright only once this is applied.
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 12.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 49.0, 0.0)
    return image_bytes("JPEG", size, exif=exif)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb in a few dozen bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

NOT_ACCEPTED = "This file is not a JPEG, PNG or WebP image"
DAMAGED = "This image is damaged or incomplete"


def bad_uploads():
    """(name, content, start of the message) for each kind of file that must be refused."""
    jpeg = image_bytes("JPEG", (200, 150))
    return [
        pytest.param("report.jpg", PDF, NOT_ACCEPTED, id="pdf-renamed-jpg"),
        pytest.param("photo.jpg", jpeg[: len(jpeg) // 2], DAMAGED, id="truncated-jpeg"),
        pytest.param(
            "bomb.png", png_declaring(20_000, 20_000), "This image has too many pixels", id="png-20000x20000"
        ),
        pytest.param(
            "bomb.png",
            png_declaring(12_000, 12_000),
            "This image is 12000 × 12000 pixels; an image may have at most 40 million pixels.",
            id="png-12000x12000",
        ),
        pytest.param("drawing.svg", SVG_WITH_SCRIPT, NOT_ACCEPTED, id="svg-with-script"),
        pytest.param("drawing.png", SVG_WITH_SCRIPT, NOT_ACCEPTED, id="svg-renamed-png"),
        pytest.param("animation.gif", image_bytes("GIF", mode="L"), NOT_ACCEPTED, id="gif"),
        pytest.param("photo.jpg", b"", "The submitted file is empty.", id="empty"),
        pytest.param("photo.png", image_bytes("PNG")[:-20], DAMAGED, id="png-without-end"),
    ]


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("The file was read.")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def story():
    return GraduateStoryFactory()


StoryPhotoForm = modelform_factory(StoryPhoto, fields=["story", "image", "alt_text"])
PortraitForm = modelform_factory(Officer, fields=["full_name", "country", "portrait", "portrait_alt"])


def new_photo(story, file) -> StoryPhoto:
    return StoryPhoto.objects.create(story=story, alt_text="Officers at a meeting", image=file)


def photo_form(story, file) -> StoryPhotoForm:
    return StoryPhotoForm(data={"story": story.pk, "alt_text": "Officers at a meeting"}, files={"image": file})


# --- Refused, with a clear message, and nothing saved ----------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), bad_uploads())
def test_a_bad_upload_through_a_form_is_refused_with_a_clear_message(story, settings, name, content, message):
    form = photo_form(story, upload(name, content))

    assert not form.is_valid()
    assert form.errors["image"][0].startswith(message)
    assert not StoryPhoto.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(("name", "content", "message"), [p for p in bad_uploads() if p.id != "empty"])
def test_a_bad_upload_saved_directly_is_refused_and_nothing_is_written(story, settings, name, content, message):
    photo = StoryPhoto(story=story, alt_text="Officers", image=upload(name, content))

    with pytest.raises(ValidationError) as full_clean_error:
        photo.full_clean()
    with pytest.raises(ValidationError) as save_error, transaction.atomic():
        photo.save()

    assert full_clean_error.value.message_dict["image"][0].startswith(message)
    assert save_error.value.messages[0].startswith(message)
    assert not StoryPhoto.objects.exists()
    assert stored_files(settings) == []


def test_a_bad_portrait_is_refused_on_the_officer_form_and_on_save(settings):
    form = PortraitForm(
        data={"full_name": "Officer Name", "country": "VN", "portrait_alt": "A portrait"},
        files={"portrait": upload("portrait.jpg", PDF)},
    )
    assert form.errors["portrait"][0].startswith(NOT_ACCEPTED)

    officer = OfficerFactory()
    officer.portrait = upload("portrait.jpg", SVG_WITH_SCRIPT)
    officer.portrait_alt = "A portrait"
    with pytest.raises(ValidationError), transaction.atomic():
        officer.save()
    officer.refresh_from_db()
    assert not officer.portrait
    assert stored_files(settings) == []


def test_a_bulk_insert_is_checked_too(story, settings):
    with pytest.raises(ValidationError), transaction.atomic():
        StoryPhoto.objects.bulk_create([StoryPhoto(story=story, alt_text="x", image=upload("a.jpg", PDF))])
    assert not StoryPhoto.objects.exists()


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(story, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    file = upload("photo.jpg", image_bytes("JPEG", (300, 300)))
    assert file.size > 1000
    file.file = Unreadable()

    form = photo_form(story, file)

    assert not form.is_valid()
    assert form.errors["image"] == [
        f"This file is {file.size / 1024:.1f}\xa0KB; an image may be at most 1000\xa0bytes. "
        "Save a smaller copy and upload that."
    ]
    assert stored_files(settings) == []


@pytest.mark.parametrize("side", [12_000, 20_000])
def test_a_huge_declared_size_is_refused_from_the_header_without_decoding(story, side):
    file = upload("bomb.png", png_declaring(side, side))
    assert file.size < 100

    started = time.perf_counter()
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        form = photo_form(story, file)
        assert not form.is_valid()

    assert time.perf_counter() - started < 0.5
    assert "pixels" in form.errors["image"][0]


def test_the_pixel_limit_is_a_setting(story, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    form = photo_form(story, upload("photo.png", image_bytes("PNG", (101, 100))))
    assert form.errors["image"] == [
        "This image is 101 × 100 pixels; an image may have at most 0.01 million pixels. "
        "Save a smaller copy and upload that."
    ]


# --- Accepted, re-encoded, stored under a random name ----------------------------------------


@pytest.mark.parametrize(
    ("name", "format", "extension"),
    [("photo.png", "PNG", ".png"), ("photo.webp", "WEBP", ".webp"), ("photo.jpg", "JPEG", ".jpg")],
)
def test_a_valid_image_is_accepted_and_stored_under_a_random_name(story, name, format, extension):
    form = photo_form(story, upload(name, image_bytes(format)))
    assert form.is_valid(), form.errors
    photo = form.save()

    stored = Path(photo.image.name)
    assert stored.parent.name == "story-photos"
    assert stored.suffix == extension
    assert len(stored.stem) == 32 and "photo" not in stored.stem
    with photo.image.open() as file, Image.open(file) as image:
        assert image.format == format
    assert (photo.width, photo.height) == (64, 48)


def test_the_content_decides_the_format_not_the_name(story):
    photo = new_photo(story, upload("photo.png.exe", image_bytes("JPEG")))
    assert photo.image.name.endswith(".jpg")


def test_exif_and_gps_are_stripped_and_the_photo_is_turned_upright(story):
    original = Image.open(io.BytesIO(jpeg_with_gps_and_orientation((64, 32))))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = StoryPhoto.objects.create(
        story=story, alt_text="x", image=upload("photo.jpg", jpeg_with_gps_and_orientation())
    )

    for field in (photo.image, photo.image_small, photo.image_large):
        with field.open() as file:
            data = file.read()
        with Image.open(io.BytesIO(data)) as stored:
            assert dict(stored.getexif()) == {}
            assert "exif" not in stored.info
        assert b"PhoneMaker" not in data
    # Rotated a quarter turn: 64 × 32 as stored by the camera, 32 × 64 as seen.
    assert (photo.width, photo.height) == (32, 64)


def test_a_portrait_through_the_officer_form_is_re_encoded_without_gps():
    officer = OfficerFactory()
    form = PortraitForm(
        data={"full_name": officer.full_name, "country": "VN", "portrait_alt": "A portrait"},
        files={"portrait": upload("me.jpg", jpeg_with_gps_and_orientation())},
        instance=officer,
    )
    assert form.is_valid(), form.errors
    form.save()

    officer.refresh_from_db()
    assert officer.portrait.name.startswith("portraits/")
    with officer.portrait.open() as file, Image.open(file) as stored:
        assert dict(stored.getexif()) == {}


def test_png_transparency_survives_re_encoding(story):
    photo = StoryPhoto.objects.create(
        story=story, alt_text="x", image=upload("logo.png", image_bytes("PNG", mode="RGBA"))
    )
    with photo.image.open() as file, Image.open(file) as stored:
        assert stored.mode == "RGBA"


def test_admin_forms_use_the_checked_field(editor):
    request = RequestFactory().get("/admin/")
    request.user = editor
    officer_form = admin.ModelAdmin(Officer, admin.site).get_form(request, fields=["portrait"])
    assert isinstance(officer_form.base_fields["portrait"], ValidatedImageFormField)
    assert officer_form.base_fields["portrait"].widget.attrs["accept"] == "image/jpeg,image/png,image/webp"


# --- Web renditions --------------------------------------------------------------------------


def test_a_new_story_photo_gets_a_small_and_a_large_rendition(story):
    photo = StoryPhoto.objects.create(
        story=story, alt_text="x", image=upload("wide.jpg", image_bytes("JPEG", (2000, 1000)))
    )

    assert (photo.width, photo.height) == (2000, 1000)
    with photo.image_small.open() as file, Image.open(file) as small:
        assert small.size == (480, 240)
    with photo.image_large.open() as file, Image.open(file) as large:
        assert large.size == (1200, 600)
    assert len({photo.image.name, photo.image_small.name, photo.image_large.name}) == 3


def test_renditions_are_made_once_not_on_every_save(story, settings):
    photo = StoryPhoto.objects.create(
        story=story, alt_text="x", image=upload("wide.jpg", image_bytes("JPEG", (1600, 800)))
    )
    names = (photo.image.name, photo.image_small.name, photo.image_large.name)
    files_before = len(stored_files(settings))

    photo.caption = "A new caption"
    photo.save()
    photo.refresh_from_db()

    assert (photo.image.name, photo.image_small.name, photo.image_large.name) == names
    assert len(stored_files(settings)) == files_before
    assert (photo.width, photo.height) == (1600, 800)


def test_a_small_photo_is_never_enlarged(story):
    photo = StoryPhoto.objects.create(
        story=story, alt_text="x", image=upload("small.png", image_bytes("PNG", (300, 200)))
    )
    with photo.image_large.open() as file, Image.open(file) as large:
        assert large.size == (300, 200)


def test_replacing_the_image_makes_new_renditions_and_clearing_it_clears_them(story):
    photo = StoryPhoto.objects.create(
        story=story, alt_text="x", image=upload("a.jpg", image_bytes("JPEG", (1600, 800)))
    )
    old_small = photo.image_small.name

    photo.image = upload("b.png", image_bytes("PNG", (900, 900)))
    photo.save()
    assert photo.image_small.name != old_small
    assert photo.image_small.name.endswith(".png")
    assert (photo.width, photo.height) == (900, 900)

    photo.image = None
    photo.save()
    photo.refresh_from_db()
    assert not photo.image_small and not photo.image_large

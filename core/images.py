"""Uploaded images (portraits, story photos): checked, re-encoded and given web renditions.

An upload is accepted only when Pillow recognises it as JPEG, PNG or WebP from its content,
whatever its name says. Its size in bytes is checked before it is read, and its width × height
from the header before a single pixel is decoded: Django's own ImageField accepts a 66-byte PNG
that declares 12,000 × 12,000 pixels, and Pillow only warns below 179 million. It is then decoded
in full (which catches truncated files) and written out afresh: EXIF (with any GPS position),
comments and text chunks do not survive; the EXIF orientation is applied first, so photos stay
upright. The colour profile is kept so colours do not shift.

`ValidatedImageField` applies this on every save path: model forms and the admin (its form
field), `full_clean()` (its validator) and plain `save()` or `bulk_create()` (its `pre_save`).
It also deletes the files it replaces, clears or leaves behind with a deleted record, once that
is committed (core/stored_files.py).
"""

import io
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.stored_files import StoredFileTracker

# What Pillow may detect (a camera's JPEG with a second picture inside reads as MPO) → what we write.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# Only these parsers ever look at an upload: no other Pillow plugin is exposed to it.
PARSERS = ["JPEG", "PNG", "WEBP"]
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
JPEG_QUALITY = 85
WEBP_QUALITY = 85

NOT_AN_ACCEPTED_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image (whatever its name says). Upload a photo in one of those formats."
)
DAMAGED = _("This image is damaged or incomplete. Save it again from the original and upload that copy.")

# Where the result of checking an uploaded file is kept, so a form, the model's validation and
# the save decode it once between them.
_PREPARED = "_portal_prepared_image"


@dataclass(frozen=True)
class PreparedImage:
    """An upload as it will be stored: re-encoded bytes in an accepted format, with its size."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def upload_name(self) -> str:
        # Only the extension matters: the storage path is random (core/uploads.py).
        return f"image{EXTENSIONS[self.format]}"

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.upload_name)


def prepare_upload(upload) -> PreparedImage:
    """Check an uploaded file and re-encode it, or raise ValidationError saying what is wrong.

    The outcome is remembered on the file object, so calling this again costs nothing.
    """
    source = upload.file if isinstance(upload, FieldFile) else upload
    outcome = getattr(source, _PREPARED, None)
    if outcome is None:
        try:
            outcome = _prepare(source)
        except ValidationError as error:
            outcome = error
        setattr(source, _PREPARED, outcome)
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


def make_rendition(image: PreparedImage, *, width: int) -> PreparedImage:
    """A copy at most `width` pixels wide (never enlarged), in the same format."""
    if image.width <= width:
        return image
    with Image.open(io.BytesIO(image.content), formats=PARSERS) as opened:
        opened.load()
        resized = opened.copy()
    icc_profile = resized.info.get("icc_profile")
    resized.thumbnail((width, image.height), Image.Resampling.LANCZOS)
    return _encode(resized, image.format, icc_profile=icc_profile)


def _prepare(upload) -> PreparedImage:
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="image_empty")
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("This file is %(size)s; an image may be at most %(limit)s. Save a smaller copy and upload that."),
            code="image_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)

    header = _open(data)
    width, height = header.size
    _check_dimensions(width, height)
    try:
        # Checks the structure (chunk checksums for PNG) without decoding pixels.
        header.verify()
    except Exception as error:
        raise ValidationError(DAMAGED, code="image_damaged") from error

    # verify() leaves the image unusable: open it again and decode it, now that its size is known to be safe.
    image = _open(data)
    detected = ACCEPTED_FORMATS[str(image.format)]
    try:
        image.load()
        icc_profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
    except Exception as error:
        raise ValidationError(DAMAGED, code="image_damaged") from error
    return _encode(upright, detected, icc_profile=icc_profile)


def _open(data: bytes) -> Image.Image:
    """Read the header only. Pillow's own decompression-bomb check still backs ours up."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=PARSERS)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError) as error:
        raise ValidationError(NOT_AN_ACCEPTED_IMAGE, code="image_not_accepted") from error
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(NOT_AN_ACCEPTED_IMAGE, code="image_not_accepted")
    return image


def _check_dimensions(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ValidationError(DAMAGED, code="image_damaged")
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000
    if width is None:
        message = _("This image has too many pixels; an image may have at most %(limit)s million.")
    else:
        message = _(
            "This image is %(width)s × %(height)s pixels; an image may have at most %(limit)s million pixels. "
            "Save a smaller copy and upload that."
        )
    return ValidationError(
        message, code="image_too_many_pixels", params={"width": width, "height": height, "limit": f"{limit:g}"}
    )


def _encode(image: Image.Image, format: str, *, icc_profile: bytes | None) -> PreparedImage:
    """Write the pixels out afresh: nothing but the pixels, transparency and colour profile survive."""
    transparency = image.info.get("transparency")
    image.info = {}
    options: dict = {}
    if format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image, icc_profile = image.convert("RGB"), None
        options |= {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
    elif format == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            has_alpha = "A" in image.mode or transparency is not None
            image, icc_profile = image.convert("RGBA" if has_alpha else "RGB"), None
        options |= {"quality": WEBP_QUALITY}
    elif transparency is not None:
        options["transparency"] = transparency
    if icc_profile:
        # A profile made for the original colour mode would be wrong after a conversion: dropped above.
        options["icc_profile"] = icc_profile
    output = io.BytesIO()
    image.save(output, format=format, **options)
    return PreparedImage(content=output.getvalue(), format=format, width=image.width, height=image.height)


def validate_image_upload(value) -> None:
    """Model-level check (full_clean): only a newly assigned file is looked at; a stored one was checked on upload."""
    if value and not getattr(value, "_committed", True):
        prepare_upload(value)


class ValidatedImageFormField(forms.ImageField):
    """The form side: the same checks, with their messages shown beside the field."""

    default_validators: list = []

    def to_python(self, data):
        # FileField's checks (a name, not empty); Django's own Pillow check is replaced by ours.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        prepared = prepare_upload(upload)
        # An upload (not any File) by now, so it has a content type to correct.
        upload.content_type = Image.MIME[prepared.format]  # type: ignore[attr-defined]
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class ValidatedImageField(models.ImageField):
    """An ImageField whose new files are checked and re-encoded however they are saved.

    `renditions` maps other ImageFields of the model to a width: each gets a copy at most that
    wide, made once when a new image is saved (and cleared with it). Declare those fields, and the
    width and height fields, after this one: Django runs `pre_save` in declaration order.

    A file it stops pointing at (replaced, cleared, or its record deleted), renditions included,
    is deleted from storage once the change commits.
    """

    # The name of an upload says nothing: its content decides (Django checks the extension).
    default_validators = [validate_image_upload]

    def __init__(self, *args, renditions: dict[str, int] | None = None, **kwargs) -> None:
        self.renditions = dict(renditions or {})
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False, **kwargs) -> None:
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)
        self.stored_file_tracker = StoredFileTracker([self.attname, *self.renditions])
        if not cls._meta.abstract:
            self.stored_file_tracker.connect(cls)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.renditions:
            kwargs["renditions"] = self.renditions
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # The stored name is random and short, so the uploaded name's length does not matter.
        return super().formfield(**{"form_class": ValidatedImageFormField, "max_length": None, **kwargs})

    def update_dimension_fields(self, instance: models.Model, force: bool = False, *args, **kwargs) -> None:
        # Django measures a file as soon as it is assigned, trusting its header (and letting a
        # decompression bomb raise from Pillow). A new upload is measured in pre_save, once checked.
        value = instance.__dict__.get(self.attname)
        if isinstance(value, File) and not getattr(value, "_committed", False):
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool):
        if not add:
            self.stored_file_tracker.read_unknown_names(model_instance)
        file = getattr(model_instance, self.attname)
        if not file:
            for rendition in self.renditions:
                setattr(model_instance, rendition, "")
            return file
        if file._committed:
            return file
        # Raises ValidationError before anything is written, whatever path the save came by.
        prepared = prepare_upload(file)
        file.save(prepared.upload_name, prepared.as_file(), save=False)
        # ImageField's own attributes, which the type stubs leave out.
        width_field, height_field = self.width_field, self.height_field  # type: ignore[attr-defined]
        if width_field:
            setattr(model_instance, width_field, prepared.width)
        if height_field:
            setattr(model_instance, height_field, prepared.height)
        for rendition, width in self.renditions.items():
            copy = make_rendition(prepared, width=width)
            getattr(model_instance, rendition).save(copy.upload_name, copy.as_file(), save=False)
        return file

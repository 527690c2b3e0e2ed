"""Image files for the upload tests: drawn by Pillow, small, with some texture."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(format: str, size: tuple[int, int] = (64, 48), *, exif: Image.Exif | None = None, mode="RGB") -> bytes:
    image = Image.new(mode, size, "teal")
    # Some texture, so a JPEG has scan data worth truncating.
    for x in range(0, size[0], 7):
        for y in range(0, size[1], 5):
            image.putpixel((x, y), (255, 255, 255) if mode == "RGB" else 255)
    output = io.BytesIO()
    image.save(output, format=format, **({"exif": exif} if exif is not None else {}))
    return output.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")

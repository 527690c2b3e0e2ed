"""Template helpers: images that never break, and partial dates for `<time datetime>`."""

from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError
from django import template
from django.db.models.fields.files import ImageFieldFile

from core.partial_dates import iso_partial_date

register = template.Library()


@dataclass(frozen=True)
class ResponsiveImage:
    src: str
    srcset: str
    width: int
    height: int


def _readable(image: ImageFieldFile) -> tuple[str, int, int] | None:
    """The file's URL and pixel size, or None when there is no file or it cannot be read, so a
    record whose file went missing shows no image rather than a broken one."""
    if not image:
        return None
    try:
        width, height = image.width, image.height
        url = image.url
    except (OSError, ValueError, TypeError, BotoCoreError, ClientError):
        # Object storage that is down or refuses the read costs the picture, never the page.
        return None
    if not width or not height:
        return None
    return url, width, height


def responsive_image(*, original: ImageFieldFile, renditions: list[ImageFieldFile]) -> ResponsiveImage | None:
    """The renditions as a srcset (the largest also as src); the original alone when none was made."""
    candidates = [found for found in (_readable(r) for r in renditions) if found]
    if not candidates:
        found = _readable(original)
        if found is None:
            return None
        url, width, height = found
        return ResponsiveImage(src=url, srcset="", width=width, height=height)
    candidates.sort(key=lambda candidate: candidate[1])
    url, width, height = candidates[-1]
    srcset = ", ".join(f"{u} {w}w" for u, w, _ in candidates) if len(candidates) > 1 else ""
    return ResponsiveImage(src=url, srcset=srcset, width=width, height=height)


@register.simple_tag
def story_photo_image(photo) -> ResponsiveImage | None:
    return responsive_image(original=photo.image, renditions=[photo.image_small, photo.image_large])


@register.simple_tag
def portrait_image(officer) -> ResponsiveImage | None:
    return responsive_image(original=officer.portrait, renditions=[])


register.filter("iso_partial_date", iso_partial_date)

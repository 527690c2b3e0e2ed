"""Where uploaded images are stored: under random names, so a file name reveals nothing and
cannot be guessed from an officer's name or collide with another upload."""

import uuid
from pathlib import PurePath

PORTRAITS = "portraits"
STORY_PHOTOS = "story-photos"
# Every folder uploads are written to: the orphan sweep looks in these and nowhere else.
UPLOAD_FOLDERS = (PORTRAITS, STORY_PHOTOS)


def _random_name(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def portrait_path(instance: object, filename: str) -> str:
    return _random_name(PORTRAITS, filename)


def story_photo_path(instance: object, filename: str) -> str:
    return _random_name(STORY_PHOTOS, filename)

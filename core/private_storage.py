"""Storage for private files (nomination CVs and letters, certificates) on the filesystem.

Kept apart from public media, under PRIVATE_MEDIA_ROOT, which no web server serves. Such a file has
no URL at all: a view that has checked who is asking reads it and sends it. Asking for a URL is a
mistake in the code, so it fails loudly rather than making one up under MEDIA_URL.
"""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise ValueError(f"{name} is a private file: serve it through a view that checks who may read it.")

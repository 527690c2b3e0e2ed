"""Private documents (nominees' CVs and letters, certificates): checked on the way in, stored where no
web server looks, and handed out only by views that have checked who is asking.

A PDF is accepted only when it is one: it starts with the PDF signature, pypdf can open it, it is not
encrypted (the Secretariat could not read it, nor check it), and it is within
`PDF_UPLOAD_MAX_BYTES`. Its page count is read at the same time, so staff see it in lists.
"""

import uuid
from pathlib import PurePath
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_SIGNATURE = b"%PDF-"
NOMINATION_DOCUMENTS = "nomination-documents"


class PrivateStorage(LazyObject):
    """The "private" storage of STORAGES, looked up when first used and again after STORAGES changes
    (as Django's own default storage is), so a test's own folder holds the files it writes."""

    _wrapped: object  # the storage, or `empty` until it is looked up

    def _setup(self) -> None:
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting: str, **kwargs: object) -> None:
    if setting == "STORAGES":
        private_storage._wrapped = empty


def private_file_storage() -> Storage:
    """The private storage, for a FileField's `storage`: a callable, so a migration names it rather
    than writing out one machine's storage settings. Django calls it once, when the model is
    defined: the lazy object it returns follows later changes of STORAGES."""
    return cast(Storage, private_storage)


def nomination_document_path(instance: object, filename: str) -> str:
    # A random name: the file name reveals nothing about the nominee and cannot be guessed.
    return f"{NOMINATION_DOCUMENTS}/{uuid.uuid4().hex}.pdf"


def pdf_page_count(file: File) -> int:
    """The number of pages of an uploaded PDF; raises ValidationError, with what to do, when the file
    is too large, is not a PDF, cannot be read or is encrypted."""
    limit = settings.PDF_UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _(
                "%(name)s is %(size)s MB; a document may be at most %(limit)s MB. "
                "Save a smaller PDF and upload it again."
            )
            % {"name": _display_name(file), "size": _megabytes(file.size), "limit": _megabytes(limit)},
            code="too_large",
        )
    file.seek(0)
    if file.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
        raise ValidationError(
            _("%(name)s is not a PDF. Save the document as PDF and upload that file.") % {"name": _display_name(file)},
            code="not_pdf",
        )
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError(
                _("%(name)s is protected by a password. Upload a copy without a password.")
                % {"name": _display_name(file)},
                code="encrypted",
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            _("%(name)s could not be read as a PDF (it may be damaged). Save it again as PDF and upload it.")
            % {"name": _display_name(file)},
            code="unreadable",
        ) from error
    finally:
        file.seek(0)
    return pages


def validate_pdf(file: File) -> None:
    """Field validator: the file must be a readable, unencrypted PDF within the size limit."""
    # A file already stored was checked when it was uploaded.
    if not getattr(file, "_committed", False):
        pdf_page_count(file)


def private_file_response(file: File, *, download_name: str) -> FileResponse:
    """Send a private file as a download that no browser renders in place and no cache keeps."""
    file.open("rb")
    response = FileResponse(file, as_attachment=True, filename=download_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _display_name(file: File) -> str:
    return PurePath(file.name or "").name or _("The file")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")

"""No file uploads unless a view asks for them.

No page of Meldwijzer takes a file yet. This upload handler stands first in
``FILE_UPLOAD_HANDLERS`` and refuses any file part of a multipart body with
400, before a byte of it is stored; a view that does take files will set its
own ``request.upload_handlers`` before reading the body.
"""

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler


class UploadNotExpected(SuspiciousOperation):
    """A file was sent where no view expects one."""


class RefuseUploadsHandler(FileUploadHandler):
    """Refuse every uploaded file."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        """Stop at the first file part."""
        raise UploadNotExpected("A file was sent to a page that takes none.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        """Never reached: ``new_file`` refuses first."""
        return raw_data

    def file_complete(self, file_size: int) -> None:
        """Never reached: ``new_file`` refuses first."""
        return None

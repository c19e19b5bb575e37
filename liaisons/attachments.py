"""Attachments of liaison statements: stored and served through the one upload path
(`core.uploads`), like every other file of the app.

Nothing is written under MEDIA_ROOT until the check has passed (Django keeps uploads in memory or
in the system's temporary folder until then), and a failed database write removes the file it had
just stored. Deleting an attachment (or its statement) deletes its file once the transaction
commits (django-cleanup).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from core.uploads import check_upload, serve_stored_file

from .models import Attachment, LiaisonStatement


def attach(statement: LiaisonStatement, upload: UploadedFile) -> Attachment:
    """Check `upload` and store it as an attachment of `statement`. On any error nothing is left:
    no row, no file."""
    checked = check_upload(upload)
    attachment = Attachment(
        statement=statement,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        with transaction.atomic():
            attachment.full_clean()
            attachment.save()
    except BaseException:
        default_storage.delete(attachment.file.name)
        raise
    return attachment


@require_safe
def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an attachment to anyone, as a download under its original name."""
    attachment = get_object_or_404(Attachment, pk=pk)
    return serve_stored_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )

"""A document's file, served through the one upload path (`core.uploads`) like a liaison
statement's attachments: a download named after the document's code, with nosniff, from a view
(so it works with DEBUG off, where nothing serves MEDIA_URL)."""

from __future__ import annotations

from pathlib import PurePath

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.uploads import content_type_for, serve_stored_file

from .models import Document
from .querysets import split_document_code


@require_safe
def download_document_file(request: HttpRequest, code: str) -> FileResponse:
    """The file of the document `code` names exactly (TD480 is revision 0, as its page's link
    says), offered as <code><extension>: TD480-R1.pdf."""
    try:
        number, revision = split_document_code(code)
    except ValueError:
        raise Http404(gettext("No document has this number.")) from None
    document = Document.objects.filter(number__iexact=number, revision=revision or 0).first()
    if document is None or not document.file:
        raise Http404(gettext("This document has no file."))

    name = document.file.name
    return serve_stored_file(
        document.file,
        filename=f"{document.code}{PurePath(name).suffix.lower()}",
        content_type=content_type_for(name),
    )

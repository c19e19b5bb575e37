"""The one upload path: what may be uploaded, under which name it is stored, how it is served.

Every uploaded file (liaison attachments, document files) goes through `check_upload`: the type is
decided from the file's CONTENT, never from its name or the browser's Content-Type, and the name
must then agree, so a PDF named .docx or a program named .pdf is refused; the size is bounded by
ATTACHMENT_MAX_BYTES. Files are stored under generated names (`generated_name`) and served by a
view through `serve_stored_file`, as a download with `nosniff`, so they work with DEBUG off (no
MEDIA_URL is routed) and a stored file can never run as a page of this site. Files are removed
with their records by django-cleanup, once the deleting transaction commits.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, TYPE_CHECKING, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Enough of the head of a file for every signature the `filetype` library knows.
HEAD_BYTES = 8192
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class AllowedType:
    key: str
    label: StrOrPromise
    content_type: str
    extensions: tuple[str, ...]


PDF = AllowedType("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = AllowedType(
    "docx",
    _("Word document (DOCX)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = AllowedType(
    "xlsx",
    _("Excel workbook (XLSX)"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
ZIP = AllowedType("zip", _("ZIP archive"), "application/zip", (".zip",))
TXT = AllowedType("txt", _("plain text (UTF-8)"), "text/plain; charset=utf-8", (".txt",))
ALLOWED_TYPES = (PDF, DOCX, XLSX, ZIP, TXT)
ALLOWED_SUMMARY = _("PDF, DOCX, XLSX, ZIP or plain text (UTF-8)")
# What a stored file of no allowed type (one stored before the checks) is served as.
UNKNOWN_CONTENT_TYPE = "application/octet-stream"

# OOXML parts that make a ZIP an Office document; macro projects are refused outright (a .docm
# renamed .docx is still a macro carrier).
WORD_PART = "word/document.xml"
EXCEL_PART = "xl/workbook.xml"
MACRO_PARTS = ("word/vbaProject.bin", "xl/vbaProject.bin", "ppt/vbaProject.bin")


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed `check_upload`: what to record about it."""

    name: str
    content_type: str
    size: int
    type: AllowedType


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def safe_original_name(name: str) -> str:
    """The uploaded name as shown and offered back on download: no folders, no control
    characters (they would break the Content-Disposition header), at most 255 characters with
    the extension kept."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 255:
        suffix = PurePath(name).suffix[:16]
        name = name[: 255 - len(suffix)] + suffix
    return name


def _is_utf8_text(stream: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _zip_type(stream: IO[bytes]) -> AllowedType:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            _("The file starts like a ZIP archive but cannot be read; it may be damaged."),
            code="damaged",
        ) from None
    if names & set(MACRO_PARTS):
        raise ValidationError(
            _("Office files with macros are not accepted; save the document without macros."),
            code="forbidden_type",
        )
    if WORD_PART in names:
        return DOCX
    if EXCEL_PART in names:
        return XLSX
    return ZIP


def detect_type(stream: IO[bytes]) -> AllowedType:
    """The allowed type the content is, or a ValidationError saying what it is instead."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            return _zip_type(stream)
        finally:
            stream.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None:
        raise ValidationError(
            _("This file is %(kind)s (%(mime)s); only %(allowed)s files are accepted."),
            code="forbidden_type",
            params={
                "kind": guessed.extension.upper(),
                "mime": guessed.mime,
                "allowed": ALLOWED_SUMMARY,
            },
        )
    try:
        if _is_utf8_text(stream):
            return TXT
    finally:
        stream.seek(0)
    raise ValidationError(
        _("The type of this file is not accepted; only %(allowed)s files are."),
        code="forbidden_type",
        params={"allowed": ALLOWED_SUMMARY},
    )


def check_upload(upload: File) -> CheckedUpload:
    """Check an uploaded file against the size limit and the allow-list, by its content, and
    that its name's extension agrees with that content. Raises ValidationError (one message)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    size = upload.size
    if size is None or size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s."),
            code="too_large",
            params={"size": _megabytes(size), "limit": _megabytes(limit)},
        )
    name = safe_original_name(upload.name or "")
    if not name:
        raise ValidationError(_("The file needs a name."), code="no_name")
    kind = detect_type(upload)
    extension = PurePath(name).suffix.lower()
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "The file's content is %(kind)s but its name ends in “%(extension)s”; "
                "name it %(expected)s."
            ),
            code="extension_mismatch",
            params={
                "kind": kind.label,
                "extension": extension or gettext("(no extension)"),
                "expected": " or ".join(kind.extensions),
            },
        )
    return CheckedUpload(name=name, content_type=kind.content_type, size=size, type=kind)


def validate_upload(value: Any) -> None:
    """Model-field validator: a file newly put in the field passes `check_upload`; a file already
    stored (the record edited for something else) is left alone. The admin's forms and the API's
    serializers (which run `full_clean()`) both come through here."""
    if isinstance(value, FieldFile):
        # Django's own flag: False while the field holds an upload not yet saved to storage.
        if getattr(value, "_committed", True):
            return
        value = value.file
    if isinstance(value, UploadedFile | File):
        check_upload(value)


def generated_name(folder: str, filename: str) -> str:
    """Never the uploaded name on disk: a random one in `folder`, keeping only a plain
    extension (the upload was checked against its content before it gets here)."""
    suffix = PurePath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,7}", suffix):
        suffix = ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def content_type_for(name: str) -> str:
    """The content type of a stored file, from the extension its checked upload agreed with."""
    suffix = PurePath(name).suffix.lower()
    for kind in ALLOWED_TYPES:
        if suffix in kind.extensions:
            return kind.content_type
    return UNKNOWN_CONTENT_TYPE


def type_label(content_type: str = "", name: str = "") -> str:
    """What a reader calls a stored file's type ("PDF", "Word document (DOCX)"), from the
    content type recorded at upload or else the name's extension."""
    suffix = PurePath(name).suffix.lower()
    for kind in ALLOWED_TYPES:
        if content_type == kind.content_type or (suffix and suffix in kind.extensions):
            return str(kind.label)
    return gettext("file of unknown type")


@dataclass(frozen=True)
class StoredFileFacts:
    type_label: str
    size: int | None  # None when the stored file is missing


def stored_file_facts(stored: FieldFile) -> StoredFileFacts | None:
    """The type and size of a stored file, for pages that offer it (None without a file)."""
    if not stored:
        return None
    try:
        size = stored.size
    except (FileNotFoundError, OSError):
        size = None
    return StoredFileFacts(type_label(name=stored.name or ""), size)


def serve_stored_file(stored: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download under `filename`, with the content type recorded at upload
    and no content sniffing by the browser; a missing file is a 404."""
    if not stored:
        raise Http404(_("There is no file."))
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in a tab anyway, the file may not run scripts or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

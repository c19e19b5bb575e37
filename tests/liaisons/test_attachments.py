"""Attachments: upload checked by content, nothing left behind on refusal, public download."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import safe_original_name
from liaisons.models import Attachment
from tests.liaisons.factories import PDF_BYTES, AttachmentFactory, LiaisonStatementFactory

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zipped("word/document.xml")
XLSX = zipped("xl/workbook.xml")
ZIP = zipped("minutes/notes.txt")
TXT = "Réponse à la déclaration de liaison TSAG-LS14R1.\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def statement():
    return LiaisonStatementFactory(code="td480-r1")


def upload(client, name: str, data: bytes, key: str = "td480-r1"):
    return client.post(
        f"/api/v1/liaisons/{key}/attachments/",
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("LS on metaverse.pdf", PDF_BYTES, "application/pdf"),
        ("table.docx", DOCX, DOCX_TYPE),
        ("allocation.XLSX", XLSX, XLSX_TYPE),
        ("annexes.zip", ZIP, "application/zip"),
        ("note.txt", TXT, "text/plain; charset=utf-8"),
    ],
)
def test_allowed_types_are_stored_under_a_generated_name(
    secretariat_client, statement, settings, name, data, content_type
):
    response = upload(secretariat_client, name, data)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == name
    assert body["content_type"] == content_type
    assert body["size"] == len(data)
    attachment = Attachment.objects.get()
    assert attachment.file.name.startswith("liaisons/")
    assert Path(name).stem not in attachment.file.name
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / attachment.file.name]
    assert (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes() == data


def test_the_client_claimed_content_type_is_ignored(secretariat_client, statement):
    response = secretariat_client.post(
        "/api/v1/liaisons/td480-r1/attachments/",
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="text/html")},
        format="multipart",
    )

    assert response.json()["content_type"] == "application/pdf"


@pytest.mark.parametrize(
    ("problem", "name", "data", "words"),
    [
        ("a program named .pdf", "report.pdf", EXE, "EXE"),
        ("a PDF named .docx", "report.docx", PDF_BYTES, "ends in “.docx”"),
        ("a Word file named .pdf", "report.pdf", DOCX, "ends in “.pdf”"),
        ("a ZIP named .txt", "notes.txt", ZIP, "ZIP archive"),
        ("text named .pdf", "notes.pdf", TXT, "plain text"),
        ("an image", "photo.png", PNG, "PNG"),
        ("binary data with NUL bytes", "data.txt", b"abc\x00def" * 10, "not accepted"),
        ("text that is not UTF-8", "latin1.txt", "Genève".encode("latin-1"), "not accepted"),
        ("a damaged ZIP", "broken.zip", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
        (
            "a Word file with macros",
            "macro.docx",
            zipped("word/document.xml", "word/vbaProject.bin"),
            "macros",
        ),
        ("an empty file", "empty.pdf", b"", "empty"),
        ("no extension", "report", PDF_BYTES, "(no extension)"),
    ],
)
def test_refused_files_get_a_400_on_file_and_leave_nothing_behind(
    secretariat_client, statement, settings, problem, name, data, words
):
    response = upload(secretariat_client, name, data)

    assert response.status_code == 400, problem
    assert words in " ".join(response.json()["file"]), response.json()
    assert not Attachment.objects.exists()
    assert media_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(secretariat_client, statement, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF_BYTES) - 1

    response = upload(secretariat_client, "big.pdf", PDF_BYTES)

    assert response.status_code == 400
    assert "largest accepted" in response.json()["file"][0]
    assert media_files(settings) == []


def test_a_file_at_the_size_limit_is_accepted(secretariat_client, statement, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF_BYTES)

    assert upload(secretariat_client, "exact.pdf", PDF_BYTES).status_code == 201


def test_missing_file_field_is_a_400(secretariat_client, statement):
    response = secretariat_client.post(
        "/api/v1/liaisons/td480-r1/attachments/", {}, format="multipart"
    )

    assert response.status_code == 400
    assert "file" in response.json()


def test_folders_are_dropped_from_the_name(secretariat_client, statement):
    response = upload(secretariat_client, 'C:\\fake\\path\\LS "final".pdf', PDF_BYTES)

    assert response.status_code == 201, response.content
    assert response.json()["name"] == 'LS "final".pdf'


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\LS.pdf", "LS.pdf"),
        ("LS\r\nSet-Cookie: x.pdf", "LSSet-Cookie: x.pdf"),
        ("LS\u202egpj.pdf", "LSgpj.pdf"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_names_lose_folders_control_characters_and_excess_length(given, kept):
    assert safe_original_name(given) == kept


@pytest.mark.parametrize("client_name", ["api_client", "delegate_client"])
def test_only_the_secretariat_may_upload(request, statement, settings, client_name):
    client = request.getfixturevalue(client_name)

    response = upload(client, "a.pdf", PDF_BYTES)

    assert response.status_code in (401, 403)
    assert media_files(settings) == []


def test_upload_to_an_unknown_statement_is_404(secretariat_client, settings):
    assert upload(secretariat_client, "a.pdf", PDF_BYTES, key="TD404").status_code == 404
    assert media_files(settings) == []


def test_upload_by_document_code_attaches_to_the_statement(secretariat_client, statement):
    key = statement.document.code

    assert upload(secretariat_client, "a.pdf", PDF_BYTES, key=key).status_code == 201
    assert statement.attachments.count() == 1


def test_removing_an_attachment_deletes_its_file_after_commit(
    secretariat_client, settings, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory(statement__code="td480-r1")
    path = Path(settings.MEDIA_ROOT) / attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.delete(
            f"/api/v1/liaisons/td480-r1/attachments/{attachment.pk}/"
        )

    assert response.status_code == 204
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_an_attachment_of_another_statement_cannot_be_removed_through_this_one(
    secretariat_client,
):
    LiaisonStatementFactory(code="td480-r1")
    other = AttachmentFactory()

    response = secretariat_client.delete(f"/api/v1/liaisons/td480-r1/attachments/{other.pk}/")

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=other.pk).exists()


# --- download --------------------------------------------------------------------------------


def test_anyone_downloads_an_attachment_under_its_name_with_nosniff(client):
    attachment = AttachmentFactory(original_name="LS on metaverse.pdf")

    response = client.get(f"/attachments/{attachment.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="LS on metaverse.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_non_ascii_name_is_offered_encoded(client):
    attachment = AttachmentFactory(original_name="Déclaration de liaison.pdf")

    response = client.get(attachment.get_absolute_url())

    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''D%C3%A9claration%20de%20liaison.pdf"
    )


def test_a_text_attachment_is_served_as_text_with_its_charset(
    secretariat_client, statement, client
):
    upload(secretariat_client, "note.txt", TXT)

    response = client.get(Attachment.objects.get().get_absolute_url())

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_of_an_unknown_attachment_is_404(client):
    assert client.get("/attachments/999999/download/").status_code == 404


def test_download_of_an_attachment_whose_file_is_gone_is_404(client, settings):
    attachment = AttachmentFactory()
    (Path(settings.MEDIA_ROOT) / attachment.file.name).unlink()

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_download_refuses_writes(client):
    attachment = AttachmentFactory()

    assert client.post(attachment.get_absolute_url()).status_code == 405

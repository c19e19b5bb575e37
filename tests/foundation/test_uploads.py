"""One upload path: document files pass the checks liaison attachments pass (core.uploads), are
stored under generated names, deleted with their record and served by a view with DEBUG off."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Document
from tests.liaisons.factories import PDF_BYTES, AttachmentFactory
from tests.meetings.factories import DocumentFactory

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_document(client, name: str, data: bytes, number: str = "TD485"):
    return client.post(
        reverse("document-list"),
        {
            "number": number,
            "kind": "contribution",
            "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("TD485.html", HTML, "The file's content is plain text (UTF-8) but its name ends in"),
        ("TD485.pdf", HTML, "The file's content is plain text (UTF-8) but its name ends in"),
        ("TD485.pdf", EXE, "This file is EXE"),
    ],
)
def test_a_document_file_of_a_refused_type_is_a_400_on_file_and_leaves_nothing(
    secretariat_client, settings, name, data, message
):
    response = post_document(secretariat_client, name, data)

    assert response.status_code == 400, response.content
    assert message in response.json()["file"][0]
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_document_file_over_the_size_limit_is_refused(secretariat_client, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF_BYTES) - 1

    response = post_document(secretariat_client, "TD485.pdf", PDF_BYTES)

    assert response.status_code == 400
    assert "the largest accepted is" in response.json()["file"][0]
    assert stored_files(settings) == []


def test_a_document_file_is_stored_under_a_generated_name(secretariat_client, settings):
    response = post_document(secretariat_client, "my secret plans.pdf", PDF_BYTES)

    assert response.status_code == 201, response.content
    document = Document.objects.get()
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(".pdf")
    assert "secret" not in document.file.name
    assert stored_files(settings) == [Path(settings.MEDIA_ROOT) / document.file.name]


def test_a_document_file_is_downloaded_with_debug_off_named_after_the_document(
    secretariat_client, client, settings
):
    settings.DEBUG = False
    post_document(secretariat_client, "draft.pdf", PDF_BYTES, number="TD480")
    link = secretariat_client.get(reverse("document-detail", args=["TD480"])).json()["file"]
    page = client.get("/documents/TD480/").content.decode()

    response = client.get(link)

    assert link == "http://testserver/documents/TD480/file/"
    assert 'href="/documents/TD480/file/"' in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="TD480.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_without_a_file_has_no_download(client):
    DocumentFactory(number="TD481")

    assert client.get("/documents/TD481/file/").status_code == 404
    assert client.get("/documents/NOT-A-NUMBER/file/").status_code == 404


def test_a_file_stored_before_the_checks_is_served_as_a_download_never_as_a_page(client, settings):
    document = DocumentFactory(number="TD482")
    document.file.save("old.html", ContentFile(HTML))

    response = client.get("/documents/TD482/file/")

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_deleting_a_document_deletes_its_file_once_committed(
    secretariat_client, settings, django_capture_on_commit_callbacks
):
    post_document(secretariat_client, "TD485.pdf", PDF_BYTES)
    assert len(stored_files(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.delete(reverse("document-detail", args=["TD485"]))

    assert response.status_code == 204
    assert stored_files(settings) == []


def test_replacing_a_document_file_deletes_the_old_one(
    secretariat_client, settings, django_capture_on_commit_callbacks
):
    post_document(secretariat_client, "TD485.pdf", PDF_BYTES)
    old = Document.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.patch(
            reverse("document-detail", args=["TD485"]),
            {"file": SimpleUploadedFile("TD485.txt", b"The revised text.\n")},
            format="multipart",
        )

    assert response.status_code == 200, response.content
    new = Document.objects.get().file.name
    assert new != old
    assert stored_files(settings) == [Path(settings.MEDIA_ROOT) / new]


def test_the_admin_refuses_an_html_document_file_with_a_form_error(admin_client, settings):
    response = admin_client.post(
        reverse("admin:meetings_document_add"),
        {
            "number": "TD486",
            "revision": "0",
            "kind": "contribution",
            "file": SimpleUploadedFile("TD486.html", HTML, content_type="text/html"),
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "name it .txt" in errors["file"][0]
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_the_admin_links_a_stored_document_file_through_its_download_view(admin_client):
    document = DocumentFactory(number="TD487")
    document.file.save("TD487.pdf", ContentFile(PDF_BYTES))

    page = admin_client.get(reverse("admin:meetings_document_change", args=[document.pk]))

    assert 'href="/documents/TD487/file/"' in page.content.decode()
    assert f'href="{document.file.url}"' not in page.content.decode()


def test_the_admin_links_a_stored_attachment_through_its_download_view(admin_client):
    attachment = AttachmentFactory(original_name="LS on metaverse.pdf")
    download = reverse("liaisons:attachment-download", kwargs={"pk": attachment.pk})

    for page in (
        admin_client.get(reverse("admin:liaisons_attachment_change", args=[attachment.pk])),
        admin_client.get(
            reverse("admin:liaisons_liaisonstatement_change", args=[attachment.statement.pk])
        ),
    ):
        assert f'href="{download}"' in page.content.decode()
        assert f'href="{attachment.file.url}"' not in page.content.decode()

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Document, DocumentKind
from tests.api_contract import APIContract
from tests.deliverables.factories import GroupFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


class TestDocumentAPI(APIContract):
    basename = "document"
    model = Document
    unknown_key = "TD99999"

    def make_rows(self, n):
        meeting = MeetingFactory(code="wp2-tsag-2024-01")
        source = GroupFactory(code="FG-MV")
        documents = DocumentFactory.create_batch(n, meeting=meeting, source_group=source)
        for document in documents:
            ActionItemFactory(meeting=meeting, documents=[document])
        return documents

    def deletable_row(self):
        return DocumentFactory()

    def protected_row(self):
        statement = LiaisonStatementFactory()  # a liaison statement is carried by its document
        return statement.document, statement

    def create_payload(self):
        MeetingFactory(code="wp2-tsag-2024-01")
        GroupFactory(code="RG-WPR")
        return {
            "number": "TD484",
            "revision": 1,
            "title": "Liaison Statement on consolidation of ITU-T SG9 and SG16",
            "kind": "liaison_statement",
            "source_group": "RG-WPR",
            "meeting": "wp2-tsag-2024-01",
            "link": "https://www.itu.int/md/T22-TSAG-240122-TD-GEN-0484/",
        }

    def update_payload(self, obj):
        return {"title": "Corrected title", "source": "TSB"}

    def invalid_payloads(self):
        valid = self.create_payload()
        DocumentFactory(number="TD315", revision=0)
        return [
            ("number and revision taken", {**valid, "number": "TD315", "revision": 0}, "revision"),
            ("malformed number", {**valid, "number": "TD 484"}, "number"),
            ("revision in the number", {**valid, "number": "TD484-R1"}, "number"),
            ("unknown meeting", {**valid, "meeting": "no-such-meeting"}, "meeting"),
            ("unknown kind", {**valid, "kind": "novel"}, "kind"),
            ("negative revision", {**valid, "revision": -1}, "revision"),
        ]


@pytest.fixture
def td480():
    meeting = MeetingFactory(code="wp2-tsag-2024-01")
    statement = DocumentKind.LIAISON_STATEMENT
    original = DocumentFactory(
        number="TD480", revision=0, title="Draft LS", meeting=meeting, kind=statement
    )
    revised = DocumentFactory(
        number="TD480",
        revision=1,
        title="Liaison Statement on metaverse",
        meeting=meeting,
        kind=statement,
    )
    DocumentFactory(
        number="TD481", title="RG-DT interim meeting plan", meeting=meeting, kind="other"
    )
    DocumentFactory(number="C62", kind=DocumentKind.CONTRIBUTION, title="Value proposition")
    return original, revised


def test_td480_and_td480_r1_both_resolve_to_the_latest_revision(api_client, td480):
    by_number = api_client.get(reverse("document-detail", args=["TD480"]))
    by_revision = api_client.get(reverse("document-detail", args=["TD480-R1"]))
    assert by_number.status_code == by_revision.status_code == 200
    assert by_number.json() == by_revision.json()
    body = by_revision.json()
    assert (body["code"], body["number"], body["revision"], body["is_latest"]) == (
        "TD480-R1",
        "TD480",
        1,
        True,
    )
    assert body["url"].endswith("/api/v1/documents/TD480-R1/")


def test_the_original_revision_stays_addressable_and_says_it_was_superseded(api_client, td480):
    response = api_client.get("/api/v1/documents/TD480-R0/")
    assert response.status_code == 200
    assert response.json()["is_latest"] is False


def test_unknown_or_malformed_document_code_is_404(api_client, td480):
    assert api_client.get("/api/v1/documents/TD999/").status_code == 404
    assert api_client.get("/api/v1/documents/TD480-R7/").status_code == 404


def _codes(client, **params):
    response = client.get(reverse("document-list"), params)
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_number_filter_matches_every_revision_or_only_the_one_named(api_client, td480):
    assert _codes(api_client, number="TD480") == ["TD480", "TD480-R1"]
    assert _codes(api_client, number="TD480-R1") == ["TD480-R1"]
    assert _codes(api_client, number="td480r1") == ["TD480-R1"]


def test_malformed_number_filter_is_a_400(api_client, td480):
    response = api_client.get(reverse("document-list"), {"number": "TD-480"})
    assert response.status_code == 400
    assert "number" in response.json()


def test_meeting_kind_search_and_latest_filters(api_client, td480):
    assert _codes(api_client, meeting="wp2-tsag-2024-01") == ["TD480", "TD480-R1", "TD481"]
    assert _codes(api_client, kind="contribution") == ["C62"]
    assert _codes(api_client, search="interim meeting plan") == ["TD481"]
    assert _codes(api_client, search="TD480-R1") == ["TD480-R1"]
    assert _codes(api_client, latest="true", meeting="wp2-tsag-2024-01") == ["TD480-R1", "TD481"]
    assert _codes(api_client, latest="false") == ["TD480"]


def test_document_lists_the_actions_citing_it(api_client, td480):
    _, revised = td480
    ActionItemFactory(code="WP2-9", meeting=revised.meeting, documents=[revised])
    body = api_client.get(reverse("document-detail", args=["TD480-R1"])).json()
    assert [(a["meeting"], a["code"]) for a in body["action_items"]] == [
        ("wp2-tsag-2024-01", "WP2-9")
    ]
    assert body["action_items"][0]["url"].endswith("/api/v1/action-items/wp2-tsag-2024-01/WP2-9/")


def test_secretariat_uploads_a_document_file(secretariat_client, settings):
    MeetingFactory(code="wp2-tsag-2024-01")
    upload = SimpleUploadedFile("TD485.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    response = secretariat_client.post(
        reverse("document-list"),
        {
            "number": "TD485",
            "title": "Liaison Statement on WTSA-24 preparations",
            "kind": "liaison_statement",
            "meeting": "wp2-tsag-2024-01",
            "file": upload,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document = Document.objects.get(number="TD485")
    assert document.file.read() == b"%PDF-1.4 minimal"
    assert response.json()["file"] == "http://testserver/documents/TD485/file/"
    assert response.json()["meeting"]["code"] == "wp2-tsag-2024-01"

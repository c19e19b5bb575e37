"""The liaison statements API: /api/v1/liaisons/ — contract, reading, filters and writes."""

import datetime as dt

import pytest
from django.urls import reverse

from core.dates import DatePrecision
from deliverables.models import GroupKind
from liaisons.models import LiaisonPurpose, LiaisonStatement, LiaisonStatus
from tests.api_contract import APIContract
from tests.deliverables.factories import (
    DeliverableFactory,
    GroupFactory,
    PersonFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import (
    AttachmentFactory,
    LiaisonStatementFactory,
    ReferenceOnlyStatementFactory,
)
from tests.meetings.factories import ActionItemFactory, DocumentFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/liaisons/"


def detail(key: str) -> str:
    return f"{LIST}{key}/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


class TestLiaisonStatementAPI(APIContract):
    basename = "liaison-statement"
    model = LiaisonStatement
    unknown_key = "TD404"

    def make_rows(self, n):
        """Statements with every relation the list shows: senders, recipients, related records,
        an approving action, a contact, a reply and an attachment each."""
        tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
        sg17 = StudyGroupFactory(code="SG17")
        deliverable = DeliverableFactory(code="FGMV-04")
        action = ActionItemFactory(code="WP2-9")
        rows = []
        while len(rows) < n:
            original = LiaisonStatementFactory(
                awaiting=True,
                from_groups=[tsag],
                to_groups=[sg17],
                related_deliverables=[deliverable],
                related_groups=[tsag],
                approved_at=action.meeting,
                approved_by_action=action,
                contact=PersonFactory(),
            )
            AttachmentFactory(statement=original)
            rows.append(original)
            if len(rows) < n:
                rows.append(
                    LiaisonStatementFactory(incoming=True, from_groups=[sg17], replies_to=original)
                )
        return rows

    def deletable_row(self):
        return LiaisonStatementFactory()

    def protected_row(self):
        original = LiaisonStatementFactory()
        return original, LiaisonStatementFactory(replies_to=original)

    def list_query_variants(self):
        return [{}, {"to": "SG17"}]  # the filter that adds "all study groups"

    def create_payload(self):
        GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
        StudyGroupFactory(code="SG2")
        StudyGroupFactory(code="SG17")
        DocumentFactory(number="TD475", revision=1, title="Q.TSCA")
        return {
            "document": "TD475-R1",
            "title": "Liaison Statement on the new work item ITU-T Q.TSCA",
            "direction": "outgoing",
            "from_groups": ["TSAG"],
            "to_groups": ["SG2", "SG17"],
            "purpose": "action",
            "date": "2024-01-26",
            "reply_deadline": "2024-04-30",
            "status": "approved",
        }

    def update_payload(self, obj):
        return {"title": "A clearer title", "status": "sent", "status_decision": "Sent by TSB"}

    def invalid_payloads(self):
        valid = self.create_payload()
        existing = LiaisonStatement.objects.first()
        return [
            ("unknown recipient group", {**valid, "to_groups": ["SG2", "SG99"]}, "to_groups"),
            ("unknown sender group", {**valid, "from_groups": ["NOPE"]}, "from_groups"),
            (
                "reply deadline before the statement's date",
                {**valid, "reply_deadline": "2024-01-01"},
                "reply_deadline",
            ),
            ("unknown document", {**valid, "document": "TD9999"}, "document"),
            ("malformed document", {**valid, "document": "not a TD"}, "document"),
            ("unknown statement replied to", {**valid, "replies_to": "TD9998"}, "replies_to"),
            ("unknown purpose", {**valid, "purpose": "urgent"}, "purpose"),
            ("an incoming status on an outgoing one", {**valid, "status": "received"}, "status"),
            ("malformed date", {**valid, "date": "26 Jan 2024"}, "date"),
            ("nothing to name it by", {**valid, "document": None}, "code"),
            ("duplicate code", {**valid, "code": existing.code}, "code"),
            ("unknown meeting", {**valid, "approved_at": "no-such-meeting"}, "approved_at"),
            ("unknown action", {**valid, "approved_by_action": "WP2-404"}, "approved_by_action"),
        ]


# --- reading -------------------------------------------------------------------------------


def test_statement_shows_document_groups_purpose_deadline_and_links(api_client):
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    sg17 = StudyGroupFactory(code="SG17")
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01")
    action = ActionItemFactory(code="WP2-9", meeting=meeting)
    statement = LiaisonStatementFactory(
        document=DocumentFactory(number="TD480", revision=1),
        title="Liaison Statement on metaverse",
        from_groups=[tsag],
        to_groups=[sg17],
        purpose=LiaisonPurpose.ACTION,
        reply_deadline=dt.date(2024, 5, 1),
        approved_at=meeting,
        approved_by_action=action,
        related_deliverables=[DeliverableFactory(code="FGMV-04")],
    )

    body = api_client.get(detail("td480-r1")).json()

    assert body["code"] == statement.code == "td480-r1"
    assert body["label"] == "TD480-R1"
    assert body["document"]["code"] == "TD480-R1"
    assert [g["code"] for g in body["from_groups"]] == ["TSAG"]
    assert body["from_groups"][0]["url"].endswith("/api/v1/groups/TSAG/")
    assert body["to_display"] == "SG17"
    assert body["purpose"] == "action"
    assert body["purpose_display"] == "For action"
    assert body["date"] == "2024-01-26"
    assert body["reply_deadline"] == "2024-05-01"
    assert body["awaiting_reply"] is True
    assert body["answered"] is False
    assert body["approved_at"]["code"] == "wp2-tsag-2024-01"
    assert body["approved_by_action"]["code"] == "WP2-9"
    assert body["approved_by_action"]["meeting"] == "wp2-tsag-2024-01"
    assert body["approved_by_action"]["url"].endswith(
        "/api/v1/action-items/wp2-tsag-2024-01/WP2-9/"
    )
    assert body["approved_at"]["url"].endswith("/api/v1/meetings/wp2-tsag-2024-01/")
    assert body["document"]["url"].endswith("/api/v1/documents/TD480-R1/")
    assert body["related_deliverables"][0]["code"] == "FGMV-04"


@pytest.mark.parametrize("key", ["td480-r1", "TD480-R1", "TD480", "td480"])
def test_td480_and_td480_r1_address_the_same_statement(api_client, key):
    LiaisonStatementFactory(document=DocumentFactory(number="TD480", revision=1))

    response = api_client.get(detail(key))

    assert response.status_code == 200
    assert response.json()["code"] == "td480-r1"


def test_statement_known_only_by_reference_is_addressed_by_it(api_client):
    ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")

    assert api_client.get(detail("TSAG-LS14R1")).json()["code"] == "tsag-ls14r1"


def test_unknown_sender_purpose_and_date_are_null_and_read_not_stated(api_client):
    statement = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")

    body = api_client.get(detail(statement.code)).json()

    assert body["from_groups"] == []
    assert body["from_display"] == "not stated"
    assert body["to_display"] == "not stated"
    assert body["purpose"] is None
    assert body["purpose_display"] == "not stated"
    assert body["date"] is None
    assert body["date_display"] == "not stated"
    assert body["title"] is None
    assert body["title_display"] == "not stated"
    assert body["document"] is None


def test_all_study_groups_is_kept_as_such(api_client):
    StudyGroupFactory(code="SG12")
    LiaisonStatementFactory(to_all_study_groups=True, code="x")

    body = api_client.get(detail("x")).json()

    assert body["to_all_study_groups"] is True
    assert body["to_groups"] == []
    assert body["to_display"] == "all study groups"


def test_month_only_date_is_given_as_a_month(api_client):
    LiaisonStatementFactory(
        code="ols", date=dt.date(2023, 8, 1), date_precision=DatePrecision.MONTH
    )

    body = api_client.get(detail("ols")).json()

    assert body["date"] == "2023-08"
    assert body["date_display"] == "August 2023"


def test_attachments_are_listed_with_name_size_type_and_download_link(api_client):
    attachment = AttachmentFactory(original_name="LS on metaverse.pdf")

    body = api_client.get(detail(attachment.statement.code)).json()

    assert body["attachments"] == [
        {
            "name": "LS on metaverse.pdf",
            "size": attachment.size,
            "content_type": "application/pdf",
            "uploaded_at": body["attachments"][0]["uploaded_at"],
            "download_url": f"http://testserver/attachments/{attachment.pk}/download/",
            "url": f"http://testserver/api/v1/liaisons/{attachment.statement.code}/attachments/"
            f"{attachment.pk}/",
        }
    ]


# --- filters -------------------------------------------------------------------------------


@pytest.fixture
def addressed():
    """TD480-R1 to all SGs, TD475-R1 to SG2/SG11/SG17, TD484-R1 to SG9/SG16, one to TSAG."""
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    sg = {
        code: StudyGroupFactory(code=code)
        for code in ("SG2", "SG9", "SG11", "SG12", "SG16", "SG17")
    }

    def make(number, revision=0, **kwargs):
        return LiaisonStatementFactory(
            document=DocumentFactory(number=number, revision=revision), **kwargs
        )

    return {
        "td480": make("TD480", 1, to_all_study_groups=True, from_groups=[tsag]),
        "td475": make(
            "TD475", 1, to_groups=[sg["SG2"], sg["SG11"], sg["SG17"]], from_groups=[tsag]
        ),
        "td484": make("TD484", 1, to_groups=[sg["SG9"], sg["SG16"]], from_groups=[tsag]),
        "td342": make("TD342", incoming=True, to_groups=[tsag], from_groups=[sg["SG2"]]),
    }


def test_to_sg17_lists_what_is_named_and_what_goes_to_all_study_groups(api_client, addressed):
    assert sorted(codes(api_client.get(LIST, {"to": "SG17"}))) == ["td475-r1", "td480-r1"]


def test_to_sg12_lists_what_goes_to_all_study_groups_though_nobody_names_it(api_client, addressed):
    assert codes(api_client.get(LIST, {"to": "SG12"})) == ["td480-r1"]


def test_to_tsag_does_not_list_what_goes_to_all_study_groups(api_client, addressed):
    assert codes(api_client.get(LIST, {"to": "TSAG"})) == ["td342"]


def test_from_filters_by_sender(api_client, addressed):
    assert codes(api_client.get(LIST, {"from": "SG2"})) == ["td342"]
    assert len(codes(api_client.get(LIST, {"from": "TSAG"}))) == 3


@pytest.mark.parametrize("param", ["to", "from"])
def test_unknown_group_in_a_filter_is_a_400_naming_it(api_client, param):
    response = api_client.get(LIST, {param: "SG99"})

    assert response.status_code == 400
    assert param in response.json()


def test_direction_status_and_purpose_filters(api_client):
    LiaisonStatementFactory(code="a", purpose=LiaisonPurpose.ACTION, status=LiaisonStatus.SENT)
    LiaisonStatementFactory(code="b", incoming=True, purpose="")
    LiaisonStatementFactory(code="c", purpose=LiaisonPurpose.COMMENT, status=LiaisonStatus.DRAFT)

    assert codes(api_client.get(LIST, {"direction": "incoming"})) == ["b"]
    assert codes(api_client.get(LIST, {"status": "draft"})) == ["c"]
    assert sorted(codes(api_client.get(LIST, {"status": ["sent", "received"]}))) == ["a", "b"]
    assert codes(api_client.get(LIST, {"purpose": "not_stated"})) == ["b"]
    assert sorted(codes(api_client.get(LIST, {"purpose": ["action", "not_stated"]}))) == ["a", "b"]
    assert api_client.get(LIST, {"purpose": "urgent"}).status_code == 400


def test_awaiting_reply_filter_and_field_agree(api_client):
    waiting = LiaisonStatementFactory(code="waiting", awaiting=True)
    answered = LiaisonStatementFactory(code="answered", awaiting=True)
    LiaisonStatementFactory(code="reply", replies_to=answered)
    LiaisonStatementFactory(code="info")

    assert codes(api_client.get(LIST, {"awaiting_reply": "true"})) == [waiting.code]
    assert sorted(codes(api_client.get(LIST, {"awaiting_reply": "false"}))) == [
        "answered",
        "info",
        "reply",
    ]
    rows = {row["code"]: row for row in api_client.get(LIST).json()["results"]}
    assert {code for code, row in rows.items() if row["awaiting_reply"]} == {"waiting"}
    assert rows["answered"]["answered"] is True


def test_reply_due_before_and_after(api_client):
    LiaisonStatementFactory(code="april", awaiting=True, reply_deadline=dt.date(2024, 4, 30))
    LiaisonStatementFactory(code="june", awaiting=True, reply_deadline=dt.date(2024, 6, 30))
    LiaisonStatementFactory(code="none")

    assert codes(api_client.get(LIST, {"reply_due_before": "2024-04-30"})) == ["april"]
    assert codes(api_client.get(LIST, {"reply_due_after": "2024-05-01"})) == ["june"]
    assert api_client.get(LIST, {"reply_due_before": "soon"}).status_code == 400


def test_date_filters_count_a_month_for_each_of_its_days(api_client):
    LiaisonStatementFactory(
        code="ols", date=dt.date(2023, 8, 1), date_precision=DatePrecision.MONTH
    )
    LiaisonStatementFactory(code="jan", date=dt.date(2024, 1, 26))
    ReferenceOnlyStatementFactory(code="undated")

    assert codes(api_client.get(LIST, {"date_after": "2023-08-15"})) == ["jan", "ols"]
    assert codes(api_client.get(LIST, {"date_before": "2023-08"})) == ["ols"]
    assert codes(api_client.get(LIST, {"date_after": "2023-09-01"})) == ["jan"]


def test_replies_to_filter_accepts_the_reference(api_client):
    original = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")
    LiaisonStatementFactory(code="td342", replies_to=original)
    LiaisonStatementFactory(code="other")

    assert codes(api_client.get(LIST, {"replies_to": "TSAG-LS14R1"})) == ["td342"]
    assert codes(api_client.get(LIST, {"replies_to": "TSAG-LS99"})) == []


def test_search_and_ordering(api_client):
    LiaisonStatementFactory(code="b", title="LS on metaverse", date=dt.date(2024, 1, 2))
    LiaisonStatementFactory(code="a", title="LS on WTSA-24 preparations", date=dt.date(2024, 1, 3))
    ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")

    assert codes(api_client.get(LIST, {"search": "metaverse"})) == ["b"]
    assert codes(api_client.get(LIST, {"search": "ls14"})) == ["tsag-ls14r1"]
    assert codes(api_client.get(LIST, {"ordering": "date", "search": "LS on"})) == ["b", "a"]
    assert codes(api_client.get(LIST, {"ordering": "-code"}))[0] == "tsag-ls14r1"


def test_undated_statements_come_last_in_the_default_order(api_client):
    ReferenceOnlyStatementFactory(code="undated")
    LiaisonStatementFactory(code="old", date=dt.date(2023, 1, 1))
    LiaisonStatementFactory(code="new", date=dt.date(2024, 1, 1))

    assert codes(api_client.get(LIST)) == ["new", "old", "undated"]


def test_meeting_deliverable_and_related_group_filters(api_client):
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01")
    fgmv = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    LiaisonStatementFactory(
        code="td480-r1",
        approved_at=meeting,
        related_deliverables=[DeliverableFactory(code="FGMV-04")],
        related_groups=[fgmv],
    )
    LiaisonStatementFactory(code="other")

    assert codes(api_client.get(LIST, {"meeting": "wp2-tsag-2024-01"})) == ["td480-r1"]
    assert codes(api_client.get(LIST, {"deliverable": "FGMV-04"})) == ["td480-r1"]
    assert codes(api_client.get(LIST, {"related_group": "FG-MV"})) == ["td480-r1"]


# --- writing -------------------------------------------------------------------------------


@pytest.fixture
def groups():
    return {
        "TSAG": GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP),
        "SG5": StudyGroupFactory(code="SG5"),
        "SG17": StudyGroupFactory(code="SG17"),
    }


def test_secretariat_creates_a_statement_with_its_groups_in_one_request(secretariat_client, groups):
    DocumentFactory(number="TD480", revision=1)
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01")
    ActionItemFactory(code="WP2-9", meeting=meeting)

    response = secretariat_client.post(
        LIST,
        {
            "document": "TD480",
            "title": "Liaison Statement on metaverse",
            "direction": "outgoing",
            "from_groups": ["TSAG"],
            "to_all_study_groups": True,
            "purpose": None,
            "date": "2024-01-26",
            "status": "approved",
            "approved_by_action": "WP2-9",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "td480-r1"
    assert body["to_display"] == "all study groups"
    assert body["purpose"] is None
    assert body["approved_at"]["code"] == "wp2-tsag-2024-01"
    statement = LiaisonStatement.objects.get(code="td480-r1")
    assert list(statement.from_groups.values_list("code", flat=True)) == ["TSAG"]
    assert statement.purpose == ""


def test_posting_a_reply_marks_the_original_as_answered(secretariat_client, api_client, groups):
    original = ReferenceOnlyStatementFactory(
        reference="TSAG-LS14R1",
        purpose=LiaisonPurpose.ACTION,
        date=dt.date(2023, 6, 1),
        reply_deadline=dt.date(2023, 12, 1),
        status=LiaisonStatus.SENT,
    )
    assert api_client.get(detail("TSAG-LS14R1")).json()["awaiting_reply"] is True
    DocumentFactory(number="TD342")

    response = secretariat_client.post(
        LIST,
        {
            "document": "TD342",
            "title": "LS/r on SMART Subsea Cables (reply to TSAG-LS14R1)",
            "direction": "incoming",
            "from_groups": ["SG5"],
            "to_groups": ["TSAG"],
            "replies_to": "TSAG-LS14R1",
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["replies_to"]["label"] == "TSAG-LS14R1"
    assert response.json()["status"] == "received"  # incoming: received, never a draft
    body = api_client.get(detail(original.code)).json()
    assert [reply["label"] for reply in body["replies"]] == ["TD342"]
    assert body["answered"] is True
    assert body["awaiting_reply"] is False


def test_a_statement_cannot_be_made_to_reply_to_itself(secretariat_client):
    statement = LiaisonStatementFactory(code="td480-r1")

    response = secretariat_client.patch(detail("td480-r1"), {"replies_to": "td480-r1"})

    assert response.status_code == 400
    assert response.json()["replies_to"] == ["A statement cannot reply to itself."]
    statement.refresh_from_db()
    assert statement.replies_to is None


def test_a_reply_cycle_is_refused(secretariat_client):
    first = LiaisonStatementFactory(code="a")
    LiaisonStatementFactory(code="b", replies_to=first)

    response = secretariat_client.patch(detail("a"), {"replies_to": "b"})

    assert response.status_code == 400
    assert response.json()["replies_to"] == ["This would make a cycle of replies."]
    first.refresh_from_db()
    assert first.replies_to is None


def test_update_with_an_unknown_group_changes_nothing(secretariat_client, groups):
    statement = LiaisonStatementFactory(code="x", title="Before", to_groups=[groups["SG5"]])

    response = secretariat_client.patch(
        detail("x"), {"title": "After", "to_groups": ["SG17", "SG404"]}
    )

    assert response.status_code == 400
    assert response.json()["to_groups"] == ["Unknown group: SG404."]
    statement.refresh_from_db()
    assert statement.title == "Before"
    assert list(statement.to_groups.values_list("code", flat=True)) == ["SG5"]


def test_update_replaces_the_recipients(secretariat_client, groups):
    statement = LiaisonStatementFactory(code="x", to_groups=[groups["SG5"]])

    response = secretariat_client.patch(detail("x"), {"to_groups": ["SG17"]})

    assert response.status_code == 200, response.content
    assert [g["code"] for g in response.json()["to_groups"]] == ["SG17"]
    assert list(statement.to_groups.values_list("code", flat=True)) == ["SG17"]


def test_update_answers_with_the_related_groups_and_deliverables_it_wrote(
    secretariat_client, groups
):
    # The response shows the relations as the write left them, not as the request first read
    # them (the API keeps the rows it read on the record).
    LiaisonStatementFactory(
        code="x",
        related_groups=[groups["SG5"]],
        related_deliverables=[DeliverableFactory(code="FGMV-04")],
    )
    DeliverableFactory(code="FGMV-05")

    response = secretariat_client.patch(
        detail("x"), {"related_groups": ["SG17"], "related_deliverables": ["FGMV-05"]}
    )

    assert response.status_code == 200, response.content
    assert [g["code"] for g in response.json()["related_groups"]] == ["SG17"]
    assert [d["code"] for d in response.json()["related_deliverables"]] == ["FGMV-05"]
    again = secretariat_client.get(detail("x")).json()
    assert [g["code"] for g in again["related_groups"]] == ["SG17"]


def test_a_deadline_before_the_date_is_refused_on_update_too(secretariat_client):
    LiaisonStatementFactory(code="x", date=dt.date(2024, 1, 26))

    response = secretariat_client.patch(detail("x"), {"reply_deadline": "2024-01-25"})

    assert response.status_code == 400
    assert "reply_deadline" in response.json()


def test_an_action_of_another_meeting_than_approved_at_is_refused(secretariat_client):
    ActionItemFactory(code="WP2-9", meeting=WholeDayMeetingFactory(code="one"))
    WholeDayMeetingFactory(code="two")
    LiaisonStatementFactory(code="x")

    response = secretariat_client.patch(
        detail("x"),
        {"approved_at": "two", "approved_by_action": {"meeting": "one", "code": "WP2-9"}},
    )

    assert response.status_code == 400
    assert "approved_by_action" in response.json()


def test_the_same_action_code_in_two_meetings_needs_the_meeting(secretariat_client):
    ActionItemFactory(code="WP2-9", meeting=WholeDayMeetingFactory(code="one"))
    ActionItemFactory(code="WP2-9", meeting=WholeDayMeetingFactory(code="two"))
    LiaisonStatementFactory(code="x")

    ambiguous = secretariat_client.patch(detail("x"), {"approved_by_action": "WP2-9"})
    assert ambiguous.status_code == 400
    assert "approved_by_action" in ambiguous.json()

    precise = secretariat_client.patch(
        detail("x"), {"approved_at": "two", "approved_by_action": "WP2-9"}
    )
    assert precise.status_code == 200, precise.content
    assert precise.json()["approved_by_action"]["meeting"] == "two"


def test_deleting_a_statement_removes_its_files(
    secretariat_client, settings, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory()
    path = settings.MEDIA_ROOT / attachment.file.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.delete(detail(attachment.statement.code))

    assert response.status_code == 204
    assert not path.exists()


def test_schema_describes_the_liaison_endpoints(api_client):
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()

    assert "/api/v1/liaisons/{code}/attachments/" in schema["paths"]
    assert "/api/v1/groups/{code}/inbox/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/liaisons/"]["get"]["parameters"]}
    assert {"to", "from", "direction", "purpose", "status", "awaiting_reply"} <= parameters
    assert "reply_due_before" in parameters


def test_reply_deadline_says_when_in_the_approving_meetings_zone(api_client):
    """Read in the approving meeting's zone (the site's when none), at 23:59 unless given; a
    statement asking no reply has no cut-off — on the detail, the list and the inbox alike."""
    sg17 = StudyGroupFactory(code="SG17")
    shanghai = WholeDayMeetingFactory(time_zone="Asia/Shanghai")
    LiaisonStatementFactory(
        code="ls-shanghai",
        awaiting=True,
        to_groups=[sg17],
        approved_at=shanghai,
        reply_deadline=dt.date(2024, 3, 1),
    )
    LiaisonStatementFactory(
        code="ls-site",
        awaiting=True,
        to_groups=[sg17],
        reply_deadline=dt.date(2024, 7, 1),
        reply_deadline_time=dt.time(17, 0),
    )
    LiaisonStatementFactory(code="ls-none", to_groups=[sg17], reply_deadline=None)
    expected = {
        "ls-shanghai": "2024-03-01T23:59:00+08:00",
        "ls-site": "2024-07-01T17:00:00+02:00",  # Europe/Zurich in summer
        "ls-none": None,
    }

    for code, cutoff in expected.items():
        assert api_client.get(detail(code)).json()["reply_deadline_cutoff"] == cutoff
    for url in (LIST, "/api/v1/groups/SG17/inbox/"):
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        rows = {row["code"]: row["reply_deadline_cutoff"] for row in response.json()["results"]}
        assert rows == expected

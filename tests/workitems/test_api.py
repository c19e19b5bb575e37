"""The work items API: /api/v1/work-items/ and /api/v1/questions/ — contract, reading, filters,
writes and the stage action."""

import datetime as dt

import pytest
import time_machine

from core.dates import DatePrecision
from deliverables.models import Group, GroupKind, RoleKind
from tests.api_contract import APIContract
from tests.deliverables.factories import (
    DeliverableFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import DocumentFactory, MeetingFactory
from tests.workitems.factories import (
    EditorFactory,
    QuestionFactory,
    WorkItemEventFactory,
    WorkItemFactory,
)
from workitems.models import ApprovalTrack, Stage, WorkItem

pytestmark = pytest.mark.django_db

LIST = "/api/v1/work-items/"
QUESTIONS = "/api/v1/questions/"


def detail(identifier: str) -> str:
    return f"{LIST}{identifier}/"


def identifiers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["identifier"] for row in response.json()["results"]]


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        yield dt.date(2026, 12, 4)


def full_item(sg17, n: int) -> WorkItem:
    """An item with every relation the list shows."""
    question = QuestionFactory(parent=sg17, code=f"Q{n % 5 + 1}-17")
    item = WorkItemFactory(
        study_group=sg17,
        questions=[question],
        base_text=DocumentFactory(),
        origin_deliverable=DeliverableFactory(code="FGMV-04"),
        origin_document=DocumentFactory(),
        related_liaisons=[LiaisonStatementFactory()],
    )
    EditorFactory(work_item=item)
    WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 1, 10))
    WorkItemEventFactory(
        work_item=item, stage=Stage.CONSENTED, date=dt.date(2025, 6, 1), meeting=MeetingFactory()
    )
    return item


class TestWorkItemAPI(APIContract):
    basename = "work-item"
    model = WorkItem
    lookup_field = "identifier"
    unknown_key = "Q.NOSUCH"

    def make_rows(self, n):
        sg17 = StudyGroupFactory(code="SG17")
        return [full_item(sg17, i) for i in range(n)]

    def list_query_variants(self):
        return [{}, {"study_group": "SG17", "stage": "consented", "late": "false"}]

    def protected_row(self):
        return None

    def create_payload(self):
        sg17 = StudyGroupFactory(code="SG17")
        QuestionFactory(parent=sg17, code="Q1-17")
        DeliverableFactory(code="FGMV-04")
        DocumentFactory(number="TD475", revision=1)
        LiaisonStatementFactory(code="td475-r1")
        return {
            "identifier": "Q.TSCA",
            "title": "Procedure for issuing digital certificates for signalling security",
            "kind": "new_recommendation",
            "study_group": "SG17",
            "questions": ["Q1-17"],
            "timing": "2026-06",
            "approval_track": "aap",
            "equivalent_texts": "",
            "summary": "Defines procedure for issuing digital certificates.",
            "origin_deliverable": "FGMV-04",
            "base_text": "TD475-R1",
            "related_liaisons": ["td475-r1"],
        }

    def update_payload(self, obj):
        return {"title": "A clearer title", "approval_track": "tap"}

    def invalid_payloads(self):
        valid = self.create_payload()
        QuestionFactory(parent=StudyGroupFactory(code="SG16"), code="Q6-16")
        WorkItemFactory(identifier="X.509")
        return [
            ("identifier with a slash", {**valid, "identifier": "Q/TSCA"}, "identifier"),
            ("identifier taken in another case", {**valid, "identifier": "x.509"}, "identifier"),
            ("unknown study group", {**valid, "study_group": "SG99"}, "study_group"),
            ("a Question of another study group", {**valid, "questions": ["Q6-16"]}, "questions"),
            ("a group that is no Question", {**valid, "questions": ["SG17"]}, "questions"),
            ("unknown track", {**valid, "approval_track": "fast"}, "approval_track"),
            ("unknown kind", {**valid, "kind": "novel"}, "kind"),
            ("malformed timing", {**valid, "timing": "June 2026"}, "timing"),
            (
                "unknown deliverable",
                {**valid, "origin_deliverable": "NOPE-1"},
                "origin_deliverable",
            ),
            ("unknown statement", {**valid, "related_liaisons": ["td404"]}, "related_liaisons"),
        ]


class TestQuestionAPI(APIContract):
    basename = "question"
    model = Group
    unknown_key = "Q99-99"

    def make_rows(self, n):
        sg17 = StudyGroupFactory(code="SG17")
        rows = []
        for _ in range(n):
            question = QuestionFactory(parent=sg17)
            RoleFactory(group=question, role=RoleKind.RAPPORTEUR)
            RoleFactory(group=question, role=RoleKind.ASSOCIATE_RAPPORTEUR)
            WorkItemFactory(study_group=sg17, questions=[question])
            rows.append(question)
        return rows

    def test_list_shows_every_record(self):
        self.make_rows(2)
        StudyGroupFactory(code="SG2")  # not a Question: not listed
        response = self.reader_client.get(self.list_url)
        assert response.json()["count"] == Group.objects.filter(kind=GroupKind.QUESTION).count()

    def create_payload(self):
        StudyGroupFactory(code="SG17")
        return {
            "code": "Q1-17",
            "name": "Security standardization strategy and coordination",
            "study_group": "SG17",
            "study_period": "2022-2024",
            "study_objectives": "Coordinate security standardization.",
        }

    def update_payload(self, obj):
        return {"name": "A clearer title", "study_period": "2022-2024"}

    def invalid_payloads(self):
        valid = self.create_payload()
        return [
            ("code with a slash", {**valid, "code": "Q1/17"}, "code"),
            ("unknown study group", {**valid, "study_group": "SG99"}, "study_group"),
            ("study period in words", {**valid, "study_period": "this one"}, "study_period"),
        ]


# --- reading -------------------------------------------------------------------------------


def test_work_item_shows_its_questions_editors_stage_and_timeline(api_client, today):
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    item = WorkItemFactory(
        identifier="Q.TSCA",
        study_group=sg17,
        questions=[q1],
        timing=dt.date(2026, 6, 1),
        timing_precision=DatePrecision.MONTH,
    )
    editor = PersonFactory(slug="ada-editor", name="Ada Editor")
    EditorFactory(work_item=item, person=editor, starts_on=dt.date(2025, 1, 10))
    WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 1, 10))

    body = api_client.get(detail("Q.TSCA")).json()

    assert body["questions"][0]["label"] == "Q1/17"
    assert body["questions"][0]["url"].endswith("/api/v1/questions/Q1-17/")
    assert body["study_group"]["code"] == "SG17"
    assert (body["stage"], body["stage_display"], body["stage_date"]) == (
        "agreed",
        "Agreed as a work item",
        "2025-01-10",
    )
    assert body["timing"] == "2026-06"
    assert body["timing_display"] == "June 2026"
    assert body["late"] is True  # June 2026 is over and it is not consented
    assert body["last_call_ends"] is None
    assert body["editors"] == [
        {
            "person": {"code": "ada-editor", "url": body["editors"][0]["person"]["url"]},
            "name": "Ada Editor",
            "starts_on": "2025-01-10",
            "ends_on": None,
            "current": True,
            "note": "",
        }
    ]
    assert [e["stage"] for e in body["events"]] == ["agreed"]


def test_filters_by_study_group_question_editor_stage_track_timing_and_origin(api_client, today):
    sg17, sg16 = StudyGroupFactory(code="SG17"), StudyGroupFactory(code="SG16")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    fgmv04 = DeliverableFactory(code="FGMV-04")
    editor = PersonFactory(slug="ada-editor")
    tsca = WorkItemFactory(
        identifier="Q.TSCA",
        study_group=sg17,
        questions=[q1],
        origin_deliverable=fgmv04,
        approval_track=ApprovalTrack.TAP,
        timing=dt.date(2027, 3, 1),
    )
    EditorFactory(work_item=tsca, person=editor)
    WorkItemEventFactory(work_item=tsca, stage=Stage.DETERMINED, date=dt.date(2026, 11, 1))
    h264 = WorkItemFactory(identifier="H.264", study_group=sg16, timing=dt.date(2026, 1, 1))
    WorkItemEventFactory(work_item=h264, stage=Stage.AGREED, date=dt.date(2025, 1, 1))
    x509 = WorkItemFactory(identifier="X.509", study_group=sg17, timing=None)
    WorkItemEventFactory(work_item=x509, stage=Stage.CONSENTED, date=dt.date(2026, 11, 10))
    WorkItemEventFactory(work_item=x509, stage=Stage.LAST_CALL, date=dt.date(2026, 11, 20))

    def listed(**params):
        return identifiers(api_client.get(LIST, params))

    assert listed(study_group="SG17") == ["Q.TSCA", "X.509"]
    assert listed(question="Q1-17") == ["Q.TSCA"]
    assert listed(editor="ada-editor") == ["Q.TSCA"]
    assert listed(stage="determined") == ["Q.TSCA"]
    assert listed(stage=["agreed", "last_call"]) == ["H.264", "X.509"]
    assert listed(approval_track="tap") == ["Q.TSCA"]
    assert listed(timing_after="2026-06") == ["Q.TSCA"]
    assert listed(timing_before="2026-01") == ["H.264"]
    assert listed(late="true") == ["H.264"]
    assert listed(late="false") == ["Q.TSCA", "X.509"]
    assert listed(in_last_call="true") == ["X.509"]
    assert listed(origin_deliverable="FGMV-04") == ["Q.TSCA"]
    assert listed(search="tsca") == ["Q.TSCA"]
    x509_row = api_client.get(detail("X.509")).json()
    assert x509_row["last_call_ends"] == "2026-12-18"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"study_group": "SG 17"}, "study_group"),
        ({"question": "Q1/17"}, "question"),
        ({"stage": "adopted"}, "stage"),
        ({"late": "maybe"}, "late"),
        ({"timing_after": "June"}, "timing_after"),
        ({"owner": "SG17"}, "owner"),
    ],
)
def test_malformed_filters_are_a_400_naming_them(api_client, params, field):
    response = api_client.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_questions_show_their_label_study_group_rapporteurs_and_work_items(api_client, today):
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17", study_period="2022-2024")
    RoleFactory(group=q1, role=RoleKind.RAPPORTEUR, person=PersonFactory(slug="rap", name="R"))
    RoleFactory(
        group=q1, role=RoleKind.RAPPORTEUR, person=PersonFactory(), ends_on=dt.date(2024, 1, 1)
    )
    WorkItemFactory(study_group=sg17, questions=[q1])
    WorkItemFactory(study_group=sg17, questions=[q1])

    body = api_client.get(f"{QUESTIONS}Q1-17/").json()

    assert (body["label"], body["study_group"]["code"], body["study_period"]) == (
        "Q1/17",
        "SG17",
        "2022-2024",
    )
    assert [r["person"]["code"] for r in body["rapporteurs"]] == ["rap"]
    assert body["work_items_count"] == 2
    assert body["work_items"].endswith(f"{LIST}?question=Q1-17")


# --- the stage action ----------------------------------------------------------------------


def test_secretariat_records_a_stage_and_the_item_answers_with_its_timeline(
    secretariat_client, secretariat_user, today
):
    item = WorkItemFactory(identifier="Q.TSCA")
    meeting = MeetingFactory(code="sg17-2025-04")
    etag = secretariat_client.get(detail("Q.TSCA"))["ETag"]

    response = secretariat_client.post(
        f"{detail('Q.TSCA')}events/",
        {"stage": "agreed", "date": "2025-04-16", "meeting": "sg17-2025-04", "decision": "SG17"},
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "agreed"
    assert response.json()["events"][0]["meeting"]["code"] == "sg17-2025-04"
    event = item.events.get()
    assert (event.meeting, event.history.get().history_user) == (meeting, secretariat_user)
    assert response["ETag"] != etag


def test_a_forbidden_stage_is_a_400_saying_why_and_records_nothing(secretariat_client, today):
    item = WorkItemFactory(identifier="Q.TSCA", approval_track=ApprovalTrack.TAP)
    WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 4, 16))

    response = secretariat_client.post(
        f"{detail('Q.TSCA')}events/", {"stage": "last_call", "date": "2025-05-01"}
    )
    assert response.status_code == 400
    assert "Only an AAP item has a last call" in response.json()["stage"][0]
    dated_before = secretariat_client.post(
        f"{detail('Q.TSCA')}events/", {"stage": "determined", "date": "2025-04-01"}
    )
    assert dated_before.status_code == 400
    assert "before the one it follows" in dated_before.json()["date"][0]
    assert item.events.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stage": "adopted", "date": "2025-05-01"}, "stage"),
        ({"stage": "agreed", "date": "May 2025"}, "date"),
        ({"stage": "agreed"}, "date"),
        ({"stage": "agreed", "date": "2025-05-01", "meeting": "no-such-meeting"}, "meeting"),
    ],
)
def test_a_malformed_stage_change_is_a_400_per_field(secretariat_client, body, field, today):
    WorkItemFactory(identifier="Q.TSCA")
    response = secretariat_client.post(f"{detail('Q.TSCA')}events/", body)
    assert response.status_code == 400
    assert field in response.json()


def test_only_the_secretariat_records_stages(api_client, delegate_client, today):
    WorkItemFactory(identifier="Q.TSCA")
    body = {"stage": "agreed", "date": "2025-05-01"}
    assert api_client.post(f"{detail('Q.TSCA')}events/", body).status_code == 401
    assert delegate_client.post(f"{detail('Q.TSCA')}events/", body).status_code == 403

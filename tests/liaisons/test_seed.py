"""The real data: the liaison statements of TSAG TD315, loaded by `load_seed_data`.

The expected answers are written from TD315 itself (/work/shared/seeds/002_9122ae6f58666fd0.txt:
clause 0 and 7.2 for the outgoing statements, 3.3, 4.4 and 5.1 for the incoming ones), not from
the YAML, so a transcription slip in the YAML fails here.
"""

import pytest

from core.seed import SeedReport
from liaisons.models import LiaisonStatement
from liaisons.seed import load

# The demo data, loaded once for the module and rolled back after each test (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]

# Clause 0: "Approve Liaison Statement … [to …] – TDnnn", with the action that approves it.
OUTGOING = {
    "TD474": (["SG5"], False, "WP2-11"),
    "TD475-R1": (["SG2", "SG11", "SG17"], False, "RG-WPR-4"),
    "TD480-R1": ([], True, "WP2-9"),
    "TD484-R1": (["SG9", "SG16"], False, "RG-WPR-2"),
    "TD485": ([], True, "RG-WPR-3"),
}
# Clauses 3.3, 4.4 and 5.1: the incoming statements and the sender named next to each (None: the
# report names none).
INCOMING = {
    "TD350": None,
    "TD351": None,
    "TD372": None,
    "TD369": None,
    "TD365": None,
    "TD355": None,
    "TD380": "SG2",
    "TD427": "SG15",
    "TD424": "SG5",
    "TD360": "FG-MV",
    "TD429": "SG15",
    "TD346": "SG16",
    "TD352": "SG20",
    "TD381": "SG2",
    "TD362": "FG-MV",
    "TD384": "SG2",
    "TD342": "SG5",
}


def inbox(client, code: str) -> list[str]:
    response = client.get(f"/api/v1/groups/{code}/inbox/", {"page_size": 200})
    assert response.status_code == 200, response.content
    return sorted(row["label"] for row in response.json()["results"])


def test_sg17_inbox_lists_td475_r1_td480_r1_and_td485(api_client):
    assert inbox(api_client, "SG17") == ["TD475-R1", "TD480-R1", "TD485"]


def test_sg12_inbox_lists_the_statements_to_all_study_groups(api_client):
    assert inbox(api_client, "SG12") == ["TD480-R1", "TD485"]


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("SG5", ["TD474", "TD480-R1", "TD485"]),
        ("SG9", ["TD480-R1", "TD484-R1", "TD485"]),
        ("SG16", ["TD480-R1", "TD484-R1", "TD485"]),
        ("SG2", ["TD475-R1", "TD480-R1", "TD485"]),
        ("SG11", ["TD475-R1", "TD480-R1", "TD485"]),
        ("SG20", ["TD480-R1", "TD485"]),
    ],
)
def test_each_study_group_inbox_holds_what_td315_sends_it(api_client, group, expected):
    assert inbox(api_client, group) == expected


def test_outgoing_statements_are_linked_to_the_action_and_meeting_that_approved_them():
    outgoing = LiaisonStatement.objects.filter(
        direction="outgoing", approved_by_action__isnull=False
    )

    found = {
        statement.display_code: (
            # In the database's order: natural code order, as the document gives them.
            [group.code for group in statement.to_groups.all()],
            statement.to_all_study_groups,
            statement.approved_by_action.code,
        )
        for statement in outgoing.select_related("document", "approved_by_action")
    }

    assert found == OUTGOING
    assert set(outgoing.values_list("approved_at__code", flat=True)) == {"wp2-tsag-2024-01"}
    assert set(outgoing.values_list("from_groups__code", flat=True)) == {"TSAG"}


def test_to_all_study_groups_is_kept_as_such_not_as_a_list(api_client):
    body = api_client.get("/api/v1/liaisons/TD480-R1/").json()

    assert body["to_all_study_groups"] is True
    assert body["to_groups"] == []
    assert body["to_display"] == "all study groups"
    assert len(body["related_deliverables"]) == 22


@pytest.mark.parametrize(
    ("key", "code"),
    [("TD475", "td475-r1"), ("TD475-R1", "td475-r1"), ("TD484", "td484-r1"), ("TD480", "td480-r1")],
)
def test_a_statement_is_found_by_its_number_with_or_without_revision(api_client, key, code):
    assert api_client.get(f"/api/v1/liaisons/{key}/").json()["code"] == code


def test_incoming_statements_with_their_senders_where_given():
    incoming = LiaisonStatement.objects.filter(direction="incoming").prefetch_related("from_groups")

    found = {
        statement.display_code: (
            statement.from_groups.all()[0].code if statement.from_groups.all() else None
        )
        for statement in incoming.select_related("document")
    }

    assert found == INCOMING


def test_an_unnamed_sender_is_not_stated(api_client):
    body = api_client.get("/api/v1/liaisons/TD350/").json()

    assert body["from_groups"] == []
    assert body["from_display"] == "not stated"
    assert body["date"] is None
    assert body["date_display"] == "not stated"


def test_tsag_ls14r1_shows_it_was_answered_by_td342(api_client):
    body = api_client.get("/api/v1/liaisons/TSAG-LS14R1/").json()

    assert body["document"] is None
    assert body["title"] is None
    assert body["answered"] is True
    assert [reply["label"] for reply in body["replies"]] == ["TD342"]
    reply = api_client.get("/api/v1/liaisons/TD342/").json()
    assert reply["replies_to"]["label"] == "TSAG-LS14R1"
    assert [group["code"] for group in reply["from_groups"]] == ["SG5"]


def test_the_rg_dt_ols_of_august_2023_keeps_its_month(api_client):
    body = api_client.get("/api/v1/liaisons/rg-dt-ols-2023-08/").json()

    assert body["date"] == "2023-08"
    assert body["date_display"] == "August 2023"


def test_no_purpose_or_deadline_is_invented():
    assert set(LiaisonStatement.objects.values_list("purpose", flat=True)) == {""}
    assert not LiaisonStatement.objects.filter(reply_deadline__isnull=False).exists()
    assert not LiaisonStatement.objects.awaiting_reply().exists()


def test_from_filter_on_the_real_data(api_client):
    response = api_client.get("/api/v1/liaisons/", {"from": "SG5"})

    assert sorted(row["label"] for row in response.json()["results"]) == ["TD342", "TD424"]


def test_a_second_load_changes_nothing():
    history = LiaisonStatement.history.count()
    report = SeedReport()

    load(report)

    assert not report.changed
    assert report.unchanged["liaison statements"] == LiaisonStatement.objects.count() == 24
    assert LiaisonStatement.history.count() == history


def test_a_changed_record_is_put_back_by_the_next_load():
    statement = LiaisonStatement.objects.get(code="td485")
    statement.to_all_study_groups = False
    statement.save()
    report = SeedReport()

    load(report)

    assert report.updated["liaison statements"] == 1
    statement.refresh_from_db()
    assert statement.to_all_study_groups is True


def test_addressees_read_as_the_document_gives_them(api_client, client):
    """ "[to ITU-T SG2, SG11, SG17]": natural order on the page and in the API, never text order."""
    body = api_client.get("/api/v1/liaisons/TD475-R1/").json()
    assert [group["code"] for group in body["to_groups"]] == ["SG2", "SG11", "SG17"]
    page = client.get("/liaisons/td475-r1/").content.decode()
    assert page.index(">SG2<") < page.index(">SG11<") < page.index(">SG17<")


def test_a_statement_known_only_by_kind_has_no_title(api_client):
    body = api_client.get("/api/v1/liaisons/TD380/").json()
    assert body["title"] is None
    assert [group["code"] for group in body["from_groups"]] == ["SG2"]


def test_outgoing_statements_are_approved_as_their_actions_are_done():
    outgoing = LiaisonStatement.objects.filter(approved_by_action__isnull=False)
    assert {(s.status, s.approved_by_action.status) for s in outgoing} == {("approved", "done")}

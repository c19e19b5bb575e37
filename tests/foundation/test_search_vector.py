"""The stored search vector (core.search.StoredSearchVector): PostgreSQL keeps it up to date on
every write, search reads it through its GIN index, codes match through trigram indexes."""

import pytest
from django.db import connection
from django.db.models import Q

from core import search as site_search
from deliverables.models import Deliverable
from tests.deliverables.factories import DeliverableFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"
)


def codes(text: str, kind: str) -> list[str]:
    return [hit.code for result in site_search.search(text, [kind]) for hit in result.hits]


def test_every_searchable_kind_reads_its_stored_vector(db):
    keys = ("groups", "deliverables", "meetings", "documents", "liaisons", "actions", "work-items")
    vectors = {kind.key: kind.vector_field for kind in site_search.search_sources}
    assert vectors == dict.fromkeys(keys, "search_vector")


def test_the_stored_vector_follows_the_title(db):
    deliverable = DeliverableFactory(code="X.quokka", title="Quokka habitats")
    vector = Deliverable.objects.values_list("search_vector", flat=True).get(pk=deliverable.pk)
    assert "'quokka':" in vector
    assert "'habitat':" in vector
    deliverable.title = "Wombat burrows"
    deliverable.save()
    vector = Deliverable.objects.values_list("search_vector", flat=True).get(pk=deliverable.pk)
    assert "wombat" in vector
    assert "habitat" not in vector
    assert codes("wombat", "deliverables") == ["X.quokka"]
    assert codes("habitats", "deliverables") == []


def test_search_finds_a_word_added_to_a_summary(db):
    deliverable = DeliverableFactory(code="X.1000", summary="Nothing here.")
    assert codes("platypus", "deliverables") == []
    Deliverable.objects.filter(pk=deliverable.pk).update(summary="About the platypus.")
    assert codes("platypus", "deliverables") == ["X.1000"]
    deliverable.refresh_from_db()
    deliverable.summary = "About echidnas."
    deliverable.save(update_fields=["summary"])
    assert codes("platypus", "deliverables") == []
    assert codes("echidna", "deliverables") == ["X.1000"]


def test_ranking_is_kept_exact_code_then_words_then_partial_code(db):
    DeliverableFactory(code="X.50", title="Numbat studies")
    DeliverableFactory(code="X.500", title="Other work")
    DeliverableFactory(code="Y.1", title="On X.50 and numbats", summary="x.50")
    found = site_search.search("x.50", ["deliverables"])[0].hits
    assert found[0].code == "X.50"
    assert found[0].rank == 10.0
    assert {hit.code for hit in found} == {"X.50", "X.500", "Y.1"}
    assert next(hit for hit in found if hit.code == "X.500").rank == 1.0


def test_other_kinds_update_their_vectors_too(db):
    document = DocumentFactory(number="TD9001", title="Dugong survey")
    action = ActionItemFactory(text="Count the dugongs")
    statement = LiaisonStatementFactory(title="LS on dugongs", summary="")
    assert "TD9001" in codes("dugong", "documents")  # and the statement's own document
    assert codes("dugong", "actions") == [action.code]
    assert codes("dugong", "liaisons") == [statement.display_code]
    document.title = "Manatee survey"
    document.save()
    assert "TD9001" not in codes("dugong", "documents")
    assert codes("manatee", "documents") == ["TD9001"]


def test_search_uses_the_gin_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'deliverables_deliverable'"
        )
        names = {row[0] for row in cursor.fetchall()}
        assert {"deliverables_deliverable_search", "deliverables_deliverable_code_trgm"} <= names
        cursor.execute("SET enable_seqscan = off")
        kind = site_search.search_sources.get("deliverables")
        query = site_search.SearchQuery("network", search_type="websearch", config="english")
        exact, partial = site_search._code_condition(kind, "network")
        queryset = Deliverable.objects.filter(partial | exact | Q(search_vector=query)).order_by()
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    assert "deliverables_deliverable_search" in plan
    assert "deliverables_deliverable_code_trgm" in plan


def test_a_common_word_ranks_a_bounded_sample_and_never_misses_a_code(db, monkeypatch):
    monkeypatch.setattr(site_search, "CANDIDATES", 3)
    for n in range(6):
        DeliverableFactory(code=f"Z.{n}", title=f"Wallaby report {n}")
    DeliverableFactory(code="WALLABY.1", title="Other work")

    found = site_search.search("wallaby", ["deliverables"])[0].hits

    assert found[0].code == "WALLABY.1"  # a code match is always a candidate
    assert len(found) == 4  # three of the six word matches ranked, not all six
    assert {hit.code for hit in found[1:]} < {f"Z.{n}" for n in range(6)}


def test_a_code_reached_through_a_relation_is_searched_through_its_own_index(db):
    statement = LiaisonStatementFactory(title="LS on echidnas", summary="")
    number = statement.document.number
    assert codes(number.lower(), "liaisons") == [statement.display_code]
    assert codes(number[:-1], "liaisons") == [statement.display_code]

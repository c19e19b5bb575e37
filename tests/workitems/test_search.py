"""Search finds work items by identifier (exact, partial, any letter case) and by words."""

from __future__ import annotations

import pytest

from tests.deliverables.factories import StudyGroupFactory
from tests.workitems.factories import WorkItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    sg17 = StudyGroupFactory(code="SG17")
    WorkItemFactory(
        identifier="Q.TSCA",
        title="Procedure for issuing digital certificates for signalling security",
        summary="Defines how certificates are issued to signalling nodes.",
        study_group=sg17,
    )
    WorkItemFactory(
        identifier="X.509",
        title="Public-key and attribute certificate frameworks",
        equivalent_texts="ISO/IEC 9594-8",
        summary="The directory's authentication framework.",
        study_group=sg17,
    )


def hits(client, query: str, kind: str = "") -> str:
    url = f"/search/?q={query}" + (f"&type={kind}" if kind else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_a_work_item_by_its_identifier(client, items):
    page = hits(client, "Q.TSCA")
    assert "Work items" in page
    assert 'href="/work-items/Q.TSCA/"' in page
    assert 'href="/work-items/Q.TSCA/"' in hits(client, "tsca", "work-items")


def test_search_finds_work_items_by_words_and_equivalent_texts(client, items):
    page = hits(client, "signalling certificates", "work-items")
    assert 'href="/work-items/Q.TSCA/"' in page
    assert 'href="/work-items/X.509/"' in hits(client, "9594-8", "work-items")
    assert "X.509" not in hits(client, "signalling", "work-items")

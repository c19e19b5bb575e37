"""A record deleted by another request while this one looks it up is a 404, not a 500.

A liaison statement is found in two reads (its key resolved to a row, then the row read with
what the API shows); schemathesis's two workers deleted one in between and got a 500."""

from __future__ import annotations

import pytest

from liaisons.models import LiaisonStatement
from tests.liaisons.factories import LiaisonStatementFactory

pytestmark = pytest.mark.django_db


def test_a_statement_deleted_between_the_two_reads_is_a_404(secretariat_client, monkeypatch):
    statement = LiaisonStatementFactory(code="td480-r1")
    resolve = type(LiaisonStatement.objects).resolve

    def resolve_then_deleted_by_another_request(manager, key):
        found = resolve(manager, key)
        LiaisonStatement.objects.filter(pk=found.pk).delete()
        return found

    monkeypatch.setattr(
        type(LiaisonStatement.objects), "resolve", resolve_then_deleted_by_another_request
    )
    response = secretariat_client.patch(
        f"/api/v1/liaisons/{statement.code}/", {"title": "Changed"}, format="json"
    )
    assert response.status_code == 404

"""Two writers at once cannot close a cycle of replies between them (the database's trigger)."""

import pytest
from django.db import IntegrityError, connection

from liaisons.models import LiaisonStatement
from tests.concurrency import race
from tests.liaisons.factories import LiaisonStatementFactory

CYCLE = "This would make a cycle of replies."


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_replies_cannot_make_a_cycle_between_them():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    first, second = LiaisonStatementFactory(), LiaisonStatementFactory()

    outcomes = race(
        lambda: LiaisonStatement.objects.filter(pk=first.pk).update(replies_to=second),
        lambda: LiaisonStatement.objects.filter(pk=second.pk).update(replies_to=first),
    )

    assert outcomes[0] == "committed"
    assert isinstance(outcomes[1], IntegrityError), outcomes
    assert CYCLE in str(outcomes[1])
    assert LiaisonStatement.objects.get(pk=second.pk).replies_to is None

"""Migration 0013 reads the old single state flow per direction, on rows written before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("liaisons", "0012_reply_deadline_cut_off_time")
AFTER = ("liaisons", "0013_statement_state_flow")
MIGRATED = "Status carried over from the single state flow (migration 0013)."

OLD_ROWS = [
    # (code, direction, old status, new status, decision recorded)
    ("out-draft", "outgoing", "draft", "draft", ""),
    ("out-approved", "outgoing", "approved", "approved", ""),
    ("out-sent", "outgoing", "sent", "sent", ""),
    ("out-replied", "outgoing", "replied", "sent", MIGRATED),
    ("out-closed", "outgoing", "closed", "sent", MIGRATED),
    ("in-draft", "incoming", "draft", "received", ""),
    ("in-approved", "incoming", "approved", "received", ""),
    ("in-sent", "incoming", "sent", "received", ""),
    ("in-replied", "incoming", "replied", "answered", MIGRATED),
    ("in-closed", "incoming", "closed", "no_reply_needed", MIGRATED),
]


@pytest.mark.django_db(transaction=True)
def test_old_statuses_become_the_flow_of_their_direction() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_apps = executor.loader.project_state([BEFORE]).apps
    OldStatement = old_apps.get_model("liaisons", "LiaisonStatement")
    for code, direction, old_status, _, _ in OLD_ROWS:
        OldStatement.objects.create(code=code, direction=direction, status=old_status)

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new_apps = executor.loader.project_state([AFTER]).apps
    statements = new_apps.get_model("liaisons", "LiaisonStatement").objects
    found = {s.code: (s.status, s.status_decision) for s in statements.all()}
    assert found == {code: (new, decision) for code, _, _, new, decision in OLD_ROWS}

    # Back to the newest schema for the tests that follow (the transactional flush empties it).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_status_no_direction_allows_is_refused_after_it() -> None:
    """The constraint the migration adds holds for rows written afterwards, in the database."""
    from django.db import IntegrityError

    from tests.liaisons.factories import LiaisonStatementFactory

    LiaisonStatementFactory(direction="incoming", status="received")
    with pytest.raises(IntegrityError, match="liaison_status_matches_direction"):
        LiaisonStatementFactory(direction="incoming", status="sent")

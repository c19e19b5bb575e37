"""The SQLite side of `ActionItem.meeting_starts_at`, the copy of the meeting's start that lets
action lists be ordered from one index (by meeting, then report order) without a join.

On PostgreSQL two triggers created by the migrations keep the copy. SQLite's ALTER TABLE
rebuilds a table for most changes and drops its triggers with it, so there the triggers are
(re)installed after every `migrate` instead (`MeetingsConfig.ready()` connects this).
"""

from __future__ import annotations

from typing import Any

from django.db import connections

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER IF NOT EXISTS actionitem_copies_meeting_start_on_insert
    AFTER INSERT ON meetings_actionitem
    BEGIN
        UPDATE meetings_actionitem
        SET meeting_starts_at = (SELECT starts_at FROM meetings_meeting WHERE id = NEW.meeting_id)
        WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS actionitem_copies_meeting_start_on_update
    AFTER UPDATE ON meetings_actionitem
    WHEN NEW.meeting_starts_at IS NOT (
        SELECT starts_at FROM meetings_meeting WHERE id = NEW.meeting_id
    )
    BEGIN
        UPDATE meetings_actionitem
        SET meeting_starts_at = (SELECT starts_at FROM meetings_meeting WHERE id = NEW.meeting_id)
        WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS meeting_start_reaches_its_actions
    AFTER UPDATE OF starts_at ON meetings_meeting
    WHEN OLD.starts_at IS NOT NEW.starts_at
    BEGIN
        UPDATE meetings_actionitem SET meeting_starts_at = NEW.starts_at
        WHERE meeting_id = NEW.id;
    END
    """,
]

BACKFILL = """
UPDATE meetings_actionitem SET meeting_starts_at = (
    SELECT starts_at FROM meetings_meeting WHERE meetings_meeting.id = meetings_actionitem.meeting_id
)
WHERE meeting_starts_at IS NOT (
    SELECT starts_at FROM meetings_meeting WHERE meetings_meeting.id = meetings_actionitem.meeting_id
)
"""


def install_sqlite_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """`post_migrate` receiver: put back the triggers a table rebuild may have dropped, and mend
    any row written while they were missing."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if not {"meetings_actionitem", "meetings_meeting"} <= tables:
        return  # migrated backwards, or not yet this far
    columns = {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), "meetings_actionitem"
        )
    }
    if "meeting_starts_at" not in columns:
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(BACKFILL)

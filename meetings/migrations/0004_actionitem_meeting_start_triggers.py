from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION meetings_actionitem_copy_meeting_start() RETURNS trigger AS $$
BEGIN
    NEW.meeting_starts_at := (SELECT starts_at FROM meetings_meeting WHERE id = NEW.meeting_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER actionitem_copies_meeting_start
    BEFORE INSERT OR UPDATE ON meetings_actionitem
    FOR EACH ROW EXECUTE FUNCTION meetings_actionitem_copy_meeting_start();

CREATE OR REPLACE FUNCTION meetings_meeting_start_to_actions() RETURNS trigger AS $$
BEGIN
    UPDATE meetings_actionitem SET meeting_starts_at = NEW.starts_at
    WHERE meeting_id = NEW.id AND meeting_starts_at IS DISTINCT FROM NEW.starts_at;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER meeting_start_reaches_its_actions
    AFTER UPDATE OF starts_at ON meetings_meeting
    FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at)
    EXECUTE FUNCTION meetings_meeting_start_to_actions();
"""

DROP = """
DROP TRIGGER IF EXISTS meeting_start_reaches_its_actions ON meetings_meeting;
DROP FUNCTION IF EXISTS meetings_meeting_start_to_actions();
DROP TRIGGER IF EXISTS actionitem_copies_meeting_start ON meetings_actionitem;
DROP FUNCTION IF EXISTS meetings_actionitem_copy_meeting_start();
"""

BACKFILL = """
UPDATE meetings_actionitem SET meeting_starts_at = (
    SELECT starts_at FROM meetings_meeting WHERE meetings_meeting.id = meetings_actionitem.meeting_id
)
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
    schema_editor.execute(BACKFILL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_alter_actionitem_options_alter_session_options_and_more"),
    ]

    operations = [migrations.RunPython(create, drop)]

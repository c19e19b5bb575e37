"""A reply cycle (A replies to B, B replies to A) refused by the database itself.

A CHECK constraint can only see one row, so the self-reply rule is a constraint (0001) and the
cycle rule is a constraint trigger on PostgreSQL: whatever writes the table — admin, API, a
script, a bulk update — cannot store a cycle. On SQLite (the embedded default for a laptop) the
model's clean() is the guard.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION liaisons_refuse_reply_cycle() RETURNS trigger AS $$
BEGIN
    IF NEW.replies_to_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE chain(id, depth) AS (
            SELECT NEW.replies_to_id, 1
            UNION ALL
            SELECT s.replies_to_id, chain.depth + 1
            FROM liaisons_liaisonstatement s JOIN chain ON s.id = chain.id
            WHERE s.replies_to_id IS NOT NULL AND chain.depth < 10000
        )
        SELECT 1 FROM chain WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'liaison statement % would be part of a cycle of replies', NEW.id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'liaison_statement_no_reply_cycle';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER liaison_statement_no_reply_cycle
    AFTER INSERT OR UPDATE OF replies_to_id ON liaisons_liaisonstatement
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION liaisons_refuse_reply_cycle();
"""

DROP = """
DROP TRIGGER IF EXISTS liaison_statement_no_reply_cycle ON liaisons_liaisonstatement;
DROP FUNCTION IF EXISTS liaisons_refuse_reply_cycle();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0002_statement_date_precision_title_optional_one_per_document"),
    ]

    operations = [migrations.RunPython(create, drop)]

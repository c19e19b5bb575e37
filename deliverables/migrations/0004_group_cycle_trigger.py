from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION deliverables_refuse_group_cycle() RETURNS trigger AS $$
BEGIN
    IF NEW.parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    -- Two transactions could each add one half of a cycle (A under B, B under A), each seeing
    -- no cycle in its own snapshot. So changes of parent take turns: the lock is held until
    -- commit, and the walk below, a new statement (a new snapshot under READ COMMITTED), sees
    -- what the previous holder committed.
    PERFORM pg_advisory_xact_lock(hashtext('deliverables_group.parent_id'));
    IF EXISTS (
        WITH RECURSIVE chain(id, depth) AS (
            SELECT NEW.parent_id, 1
            UNION ALL
            SELECT g.parent_id, chain.depth + 1
            FROM deliverables_group g JOIN chain ON g.id = chain.id
            WHERE g.parent_id IS NOT NULL AND chain.depth < 10000
        )
        SELECT 1 FROM chain WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'This parent would make the group report to itself.'
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'group_is_not_its_own_ancestor',
                  COLUMN = 'parent',
                  DETAIL = format('Group %s would be among the ancestors of its parent %s.',
                                  NEW.id, NEW.parent_id);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER group_is_not_its_own_ancestor
    AFTER INSERT OR UPDATE OF parent_id ON deliverables_group
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION deliverables_refuse_group_cycle();
"""

DROP = """
DROP TRIGGER IF EXISTS group_is_not_its_own_ancestor ON deliverables_group;
DROP FUNCTION IF EXISTS deliverables_refuse_group_cycle();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("deliverables", "0003_alter_distribution_options_alter_role_options_and_more"),
    ]

    operations = [migrations.RunPython(create, drop)]

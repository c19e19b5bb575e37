"""An index on meetings' contribution deadlines, for the admin's "what needs attention" (the
deadlines of the coming week are a range read through it, not a scan of every meeting). Plain
SQL valid on PostgreSQL and SQLite, kept out of the model's Meta like the search indexes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_admin_search_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS meeting_contribution_deadline "
            "ON meetings_meeting (contribution_deadline) WHERE contribution_deadline IS NOT NULL",
            reverse_sql="DROP INDEX IF EXISTS meeting_contribution_deadline",
        ),
    ]

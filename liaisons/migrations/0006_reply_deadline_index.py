"""An index on statements' reply deadlines (where there is one), for the admin's "what needs
attention": the replies due this week and the statements awaiting reply, earliest first, are
read through it (LIMIT-ed) instead of scanning every statement. Plain SQL valid on PostgreSQL and
SQLite, kept out of the model's Meta like the search indexes (portal/attention.py asks it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("liaisons", "0005_api_list_order_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS liaisonstatement_reply_deadline "
            "ON liaisons_liaisonstatement (reply_deadline) WHERE reply_deadline IS NOT NULL",
            reverse_sql="DROP INDEX IF EXISTS liaisonstatement_reply_deadline",
        ),
    ]

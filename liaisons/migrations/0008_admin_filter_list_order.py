"""The admin's status filter on statements reads a page in list order, and its capped count,
from an index leading with the status. PostgreSQL only (NULLS LAST)."""

from django.db import migrations

from core.migration_operations import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0007_to_all_study_groups_index"),
    ]

    operations = [
        AddPostgresIndex(
            model_name="liaisonstatement",
            name="liaison_statement_status_order",
            columns='"status", "date" DESC NULLS LAST, "code"',
        ),
    ]

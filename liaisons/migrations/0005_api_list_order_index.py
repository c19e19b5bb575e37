"""The liaison statements' list order as an index: a page of the list (API and pages) reads
its rows from the index instead of sorting the whole table. PostgreSQL only (NULLS LAST)."""

from django.db import migrations

from core.migration_operations import AddPostgresIndex


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0004_admin_search_indexes"),
    ]

    operations = [
        AddPostgresIndex(
            model_name="liaisonstatement",
            name="liaison_statement_list_order",
            columns='"date" DESC NULLS LAST, "code"',
        ),
    ]

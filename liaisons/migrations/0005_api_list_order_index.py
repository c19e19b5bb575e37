"""The liaison statements' list order as an index: a page of the list (API and pages) reads
its rows from the index instead of sorting the whole table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0004_admin_search_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="liaisonstatement",
            index=models.Index(
                models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                models.F("code"),
                name="liaison_statement_list_order",
            ),
        ),
    ]

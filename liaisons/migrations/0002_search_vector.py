"""The stored search vector of each searchable record (a generated column, PostgreSQL keeps it)
with its GIN index, and GIN trigram indexes on the code columns (core.search)."""

import core.search
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0001_initial"),
        ("core", "0002_trigram_extension"),
    ]

    operations = [
        migrations.AddField(
            model_name="liaisonstatement",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search.StoredSearchVector(
                    {"code": "A", "from_note": "C", "reference": "A", "summary": "B", "title": "A"}
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        core.search.AddSearchIndexes(
            model_name="liaisonstatement", code_fields=["code", "reference"]
        ),
    ]

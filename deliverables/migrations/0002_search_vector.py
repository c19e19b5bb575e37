"""The stored search vector of each searchable record (a generated column, PostgreSQL keeps it)
with its GIN index, and GIN trigram indexes on the code columns (core.search)."""

import core.search
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deliverables", "0001_initial"),
        ("core", "0002_trigram_extension"),
    ]

    operations = [
        migrations.AddField(
            model_name="deliverable",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search.StoredSearchVector(
                    {"code": "A", "summary": "B", "title": "A"}
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="group",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search.StoredSearchVector(
                    {"code": "A", "mandate": "C", "name": "A"}
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        core.search.AddSearchIndexes(model_name="group", code_fields=["code"]),
        core.search.AddSearchIndexes(model_name="deliverable", code_fields=["code"]),
    ]

"""The stored search vector of each searchable record (a generated column, PostgreSQL keeps it)
with its GIN index, and GIN trigram indexes on the code columns (core.search)."""

import core.search
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("core", "0002_trigram_extension"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search.StoredSearchVector(
                    {"code": "A", "responsible_note": "C", "text": "B"}
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search.StoredSearchVector(
                    {"number": "A", "source": "C", "title": "A"}
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search.StoredSearchVector(
                    {"code": "A", "objectives": "B", "outcome": "C", "title": "A", "venue": "C"}
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        core.search.AddSearchIndexes(model_name="meeting", code_fields=["code"]),
        core.search.AddSearchIndexes(model_name="document", code_fields=["number"]),
        core.search.AddSearchIndexes(model_name="actionitem", code_fields=["code"]),
    ]

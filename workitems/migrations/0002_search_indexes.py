"""Search (core.search) reads the stored vector through a GIN index, and identifiers typed in
part (q.tsca, TSCA) through a trigram index on UPPER(identifier): both constant in table size."""

from django.db import migrations

import core.search


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_trigram_extension"),
        ("workitems", "0001_initial"),
    ]

    operations = [
        core.search.AddSearchIndexes(model_name="workitem", code_fields=["identifier"]),
    ]

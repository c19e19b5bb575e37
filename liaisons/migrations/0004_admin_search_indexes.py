"""GIN trigram indexes on the columns the admin searches by part of a word (icontains), so
a changelist search reads an index instead of every row (PostgreSQL only: core.admin)."""

from django.db import migrations

import core.admin


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0002_search_vector"),
        ("core", "0002_trigram_extension"),
    ]

    operations = [
        core.admin.AddTrigramSearchIndexes(
            model_name="liaisonstatement", fields=["title", "summary", "from_note"]
        ),
    ]

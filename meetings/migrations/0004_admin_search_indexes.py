"""GIN trigram indexes on the columns the admin searches by part of a word (icontains), so
a changelist search reads an index instead of every row (PostgreSQL only: core.admin)."""

from django.db import migrations

import core.admin


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_open_action_reminder_index"),
        ("core", "0002_trigram_extension"),
    ]

    operations = [
        core.admin.AddTrigramSearchIndexes(model_name="meeting", fields=["title", "venue"]),
        core.admin.AddTrigramSearchIndexes(model_name="document", fields=["title", "source"]),
        core.admin.AddTrigramSearchIndexes(
            model_name="actionitem", fields=["text", "closing_note"]
        ),
    ]

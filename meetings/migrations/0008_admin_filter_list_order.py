"""The admin's choice filters on big tables read a page in list order, and its capped count,
from an index leading with the filtered column (see the models' Meta.indexes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_document_file_checked_generated_name"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                fields=["status", "meeting_starts_at", "meeting", "position", "code"],
                name="actionitem_status_list_order",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=["kind", "number", "revision"], name="document_kind_list_order"
            ),
        ),
    ]

"""The admin's choice filters on big tables read a page in list order, and its capped count,
from an index leading with the filtered column (see the models' Meta.indexes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("liaisons", "0007_to_all_study_groups_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="liaisonstatement",
            index=models.Index(
                models.F("status"),
                models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                models.F("code"),
                name="liaison_statement_status_order",
            ),
        ),
    ]

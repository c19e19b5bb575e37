import datetime

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_contribution_deadline_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce(
                    "due_date", models.Value(datetime.date(9999, 12, 31))
                ),
                condition=models.Q(("status", "open")),
                name="open_action_due_key",
            ),
        ),
    ]

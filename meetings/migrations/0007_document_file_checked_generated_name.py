# Document files take the one upload path (core.uploads): checked by content and size, stored
# under a generated name. Files already stored keep their names; only new uploads are affected.
import core.uploads
import meetings.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0006_open_action_due_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="file",
            field=models.FileField(
                blank=True,
                upload_to=meetings.models.document_path,
                validators=[core.uploads.validate_upload],
            ),
        ),
        migrations.AlterField(
            model_name="historicaldocument",
            name="file",
            field=models.TextField(
                blank=True, max_length=100, validators=[core.uploads.validate_upload]
            ),
        ),
    ]

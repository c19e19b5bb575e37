"""The collation of the code columns (core.fields.CodeField): natural order, SG2 < SG11.

An ICU collation with numeric ordering on PostgreSQL (a no-op elsewhere: SQLite gets a Python
function of the same name on each connection, see core/fields.py). Every app's first migration
depends on this one.
"""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        CreateCollation("natural_sort", provider="icu", locale="und-u-kn-true"),
    ]

"""pg_trgm, for the GIN trigram indexes on code columns that serve exact and partial code
matches in search (core.search.AddSearchIndexes). A no-op on other databases."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_natural_sort_collation")]

    operations = [TrigramExtension()]

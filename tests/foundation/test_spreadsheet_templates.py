"""Every kind's downloadable template: its example row is one a secretariat can follow, i.e. it
imports as it stands on the demo data (what people copy is the example)."""

import pytest

from core.spreadsheets import import_dataset, read_dataset, spreadsheet_kinds, template_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", spreadsheet_kinds.names())
def test_the_example_row_of_every_template_imports(seed_data, kind):
    resource = spreadsheet_kinds.resource(kind)
    dataset = read_dataset(template_bytes(resource, "csv"))

    outcome = import_dataset(kind, dataset, dry_run=True, file_name="template.csv")

    assert outcome.errors == []
    assert outcome.counts["new"] + outcome.counts["changed"] == 1

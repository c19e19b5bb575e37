"""The demo data, loaded by `load_seed_data` once per test run and put back from a snapshot
wherever a test needs it again.

Loading runs a few thousand queries (upserts, validation, history); putting the rows back is one
COPY per table. The snapshot holds every table the load filled, taken inside a transaction that is
then rolled back, so the database is left as it was. Without PostgreSQL (the SQLite fallback) the
data is loaded each time instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model


@dataclass
class SeedSnapshot:
    output: str  # what `load_seed_data` printed
    tables: list[tuple[str, bytes]] = field(default_factory=list)  # in an order FKs allow
    models: list[type[Model]] = field(default_factory=list)

    @property
    def copied(self) -> bool:
        return bool(self.tables)


def _row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in connection.introspection.django_table_names(only_existing=True):
        # Table names from the model registry, quoted: no outside input.
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _in_dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    """Referred-to tables first, so row triggers that read a related row find it."""
    pending = {model: set() for model in models}
    for model in models:
        for model_field in model._meta.concrete_fields:
            target = getattr(model_field.remote_field, "model", None)
            if target in pending and target is not model:
                pending[model].add(target)
    ordered: list[type[Model]] = []
    while pending:
        ready = [model for model, needs in pending.items() if not needs - set(ordered)]
        if not ready:  # a cycle between tables: keep the rest in registry order
            ready = list(pending)
        for model in ready:
            ordered.append(model)
            del pending[model]
    return ordered


def take_snapshot() -> SeedSnapshot:
    """Load the demo data, copy out what it added, and roll the load back."""
    out = io.StringIO()
    if connection.vendor != "postgresql":
        with transaction.atomic():
            call_command("load_seed_data", stdout=out)
            transaction.set_rollback(True)
        return SeedSnapshot(out.getvalue())
    with transaction.atomic(), connection.cursor() as cursor:
        before = _row_counts(cursor)
        call_command("load_seed_data", stdout=out)
        after = _row_counts(cursor)
        changed = [table for table, count in after.items() if count != before[table]]
        assert all(before[table] == 0 for table in changed), (
            "the demo data changed tables that held rows before it: "
            f"{[table for table in changed if before[table]]}; snapshot only fills empty tables"
        )
        by_table = {
            model._meta.db_table: model for model in apps.get_models(include_auto_created=True)
        }
        models = _in_dependency_order([by_table[table] for table in changed])
        snapshot = SeedSnapshot(out.getvalue(), models=models)
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                snapshot.tables.append((model._meta.db_table, b"".join(map(bytes, copy))))
        transaction.set_rollback(True)
    return snapshot


def restore(snapshot: SeedSnapshot) -> None:
    """Put the demo data in (into empty tables) as the load left it, ids and history included."""
    if not snapshot.copied:
        call_command("load_seed_data", stdout=io.StringIO())
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in snapshot.tables:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                copy.write(data)
        # New rows made by a test continue after the copied ids.
        for sql in connection.ops.sequence_reset_sql(no_style(), snapshot.models):
            cursor.execute(sql)

"""Migration operations for indexes that only PostgreSQL builds (GIN on a search vector, GIN
trigram on `UPPER(column)`): kept out of `Meta.indexes`, which SQLite (the embedded default)
would be asked to build too. Subclasses say which indexes; this builds and drops them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.migrations.operations.base import Operation


class PostgresOnlyIndexes(Operation):
    """CREATE INDEX for each (name, `table USING …`) of `indexes()` on PostgreSQL; nothing
    elsewhere. `analyze`: ANALYZE the table after (when it has rows), for expression indexes
    whose statistics the planner needs before a first autovacuum."""

    reversible = True
    reduces_to_sql = True
    analyze = False
    model_name: str

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def indexes(self, model: Any, quote: Any) -> Iterator[tuple[str, str]]:
        raise NotImplementedError

    def _indexes(self, app_label: str, schema_editor: Any, state: Any) -> Iterator[tuple[str, str]]:
        model = state.apps.get_model(app_label, self.model_name)
        return self.indexes(model, schema_editor.quote_name)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, target in self._indexes(app_label, schema_editor, to_state):
            schema_editor.execute(f"CREATE INDEX {schema_editor.quote_name(name)} ON {target}")
        if self.analyze:
            table = schema_editor.quote_name(
                to_state.apps.get_model(app_label, self.model_name)._meta.db_table
            )
            # Never on an empty table (a new database): statistics saying "no rows" last until
            # the next ANALYZE, and the foreign-key checks of a bulk load into the tables that
            # reference it would then read it row by row (a 10x load took 17 minutes, not 1).
            has_rows = True  # sqlmigrate only prints the SQL
            if not schema_editor.collect_sql:
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
                    has_rows = cursor.fetchone()[0]
            if has_rows:
                schema_editor.execute(f"ANALYZE {table}")

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _ in self._indexes(app_label, schema_editor, from_state):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def trigram_index(model: Any, field_name: str, quote: Any, suffix: str = "trgm") -> tuple[str, str]:
    """A GIN trigram index on `UPPER(column::text)`, the expression of `iexact`/`icontains`."""
    table = model._meta.db_table
    column = model._meta.get_field(field_name).column
    return (
        f"{table}_{column}_{suffix}"[:63],
        f"{quote(table)} USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)",
    )


class AddPostgresIndex(PostgresOnlyIndexes):
    """One index written as PostgreSQL's column list (`"date" DESC NULLS LAST, "code"`), built on
    PostgreSQL only: an order SQLite cannot index (it has no NULLS LAST in an index, and would
    rebuild every `Meta.indexes` entry on each later change of the table)."""

    def __init__(self, model_name: str, name: str, columns: str) -> None:
        self.model_name = model_name
        self.name = name
        self.columns = columns

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"model_name": self.model_name, "name": self.name, "columns": self.columns}
        return f"{__name__}.{type(self).__qualname__}", [], kwargs

    def indexes(self, model: Any, quote: Any) -> Iterator[tuple[str, str]]:
        yield self.name, f"{quote(model._meta.db_table)} ({self.columns})"

    def describe(self) -> str:
        return f"Index {self.name} on {self.model_name} ({self.columns}), PostgreSQL only"

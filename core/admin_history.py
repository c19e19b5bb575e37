"""Changes made in inline rows, shown field by field on the parent's admin history page.

simple_history keeps a history per model, so a distribution line or a role edited inline on a
deliverable's or group's page has its own history, which the parent's history page (the
admin's) does not show. `InlineHistoryMixin` adds them, newest first: who, when, which row, and
each field that changed (was → now). Bounded per record (the last INLINE_HISTORY_LIMIT rows of
history of its inline rows, read through the history tables' indexes on the parent's key), so the
page costs the same however large the tables grow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext

INLINE_HISTORY_LIMIT = 200


@dataclass
class InlineHistory:
    """One kind of inline row: its model, the key naming the parent, how a row is named, and the
    fields whose changes are shown."""

    model: type[models.Model]
    parent_key: str
    subject: Callable[[Any], str]
    fields: list[str]
    title: str = ""


@dataclass
class InlineChange:
    when: Any
    user: Any
    kind: str  # "+", "~", "-"
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, was, now)

    @property
    def action(self) -> str:
        return {"+": gettext("Added"), "~": gettext("Changed"), "-": gettext("Removed")}[self.kind]


def _shown(record: Any, model_field: models.Field) -> str:
    if isinstance(model_field, models.ForeignKey):
        related = getattr(record, model_field.name, None)
        return str(related) if related is not None else "—"
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def inline_changes(spec: InlineHistory, parent_pk: Any) -> list[InlineChange]:
    """The changes of `parent_pk`'s inline rows of one kind, newest first, field by field."""
    fields = [
        model_field
        for model_field in (spec.model._meta.get_field(name) for name in spec.fields)
        if isinstance(model_field, models.Field)
    ]
    related = [f.name for f in fields if isinstance(f, models.ForeignKey)]
    history = spec.model.history  # type: ignore[attr-defined]
    newest = list(
        history.filter(**{spec.parent_key: parent_pk})
        .select_related("history_user", *related)
        .order_by("-history_date", "-history_id")[:INLINE_HISTORY_LIMIT]
    )
    entries: list[InlineChange] = []
    previous: dict[Any, Any] = {}
    for record in reversed(newest):
        earlier = previous.get(record.id)
        changes = []
        if record.history_type == "+":
            changes = [
                (str(f.verbose_name), "", _shown(record, f))
                for f in fields
                if _shown(record, f) != "—"
            ]
        elif record.history_type == "~" and earlier is not None:
            for model_field in fields:
                was, now = _shown(earlier, model_field), _shown(record, model_field)
                if was != now:
                    changes.append((str(model_field.verbose_name), was, now))
        if record.history_type != "~" or changes or earlier is None:
            entries.append(
                InlineChange(
                    record.history_date,
                    record.history_user,
                    record.history_type,
                    spec.subject(record),
                    changes,
                )
            )
        previous[record.id] = record
    return list(reversed(entries))


class InlineHistoryMixin:
    """For a SimpleHistoryAdmin whose page edits rows inline: `inline_histories` lists them."""

    inline_histories: list[InlineHistory] = []
    object_history_template = "admin/object_history_with_inlines.html"

    def history_view(self, request, object_id, extra_context=None):
        sections = [
            (
                spec.title or str(spec.model._meta.verbose_name_plural),
                inline_changes(spec, object_id),
            )
            for spec in self.inline_histories
        ]
        context = {**(extra_context or {}), "inline_history_sections": sections}
        return super().history_view(request, object_id, extra_context=context)  # type: ignore[misc]

"""The change log: one row per created, updated or deleted record of a kind the API shows,
written beside its history row, and the feed that reads it back in order from a cursor.

A record shown inside another's (a deliverable's distribution line, a meeting's session, a work
item's stage or editor: `kinds.CHILD_RECORDS`) is a change of that parent: an `updated` row for
the parent, once per transaction (none when the parent itself is already logged in it), and the
parent's `last_updated` moves with it, so its ETag and `modified_since` follow. When the parent
is deleted in the same transaction (its children go first), only the deletion stays."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connections, transaction
from django.db.models import BigIntegerField, Exists, F, Func, Model, OuterRef, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext

from .kinds import kind_for_model, parent_of
from .models import HISTORY_TYPES, Change, ChangeType, Delivery, DeliveryStatus

# PostgreSQL: the writing transaction's id, and the oldest transaction still running (every
# transaction below it has committed or rolled back, so no row below it can appear later).
CURRENT_TRANSACTION = "pg_current_xact_id()::text::bigint"
OLDEST_RUNNING = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
# Per connection: this transaction's changes logged for a child's, by (kind, object_pk).
DERIVED = "_integrations_derived_changes"
# The reader's own transaction, when it wrote (a test, or a script reading its own changes).
OWN_TRANSACTION = "coalesce(pg_current_xact_id_if_assigned()::text::bigint, -1)"


def _sql(template: str) -> Func:
    """A fixed SQL expression of PostgreSQL's (no parameters)."""
    return Func(template=template, output_field=BigIntegerField())


def _transaction_id(using: str) -> Any:
    return _sql(CURRENT_TRANSACTION) if connections[using].vendor == "postgresql" else 0


def change_from_history(
    history_instance: Any, using: str = "default", record: Any = None
) -> Change | None:
    """The change row for one history row (django-simple-history's), unsaved; None when the
    record's kind is not one the API shows. `record` is the saved or deleted instance when at
    hand (building it from the history row took longer than writing the row)."""
    if record is None:
        record = history_instance.instance
    kind = kind_for_model(type(record))
    change_type = HISTORY_TYPES[history_instance.history_type]
    parent: Model | None = None
    if kind is None:
        found = parent_of(record)
        if found is None:
            return None
        (kind, parent), change_type = found, ChangeType.UPDATED
        record = parent
    change = Change(
        transaction=_transaction_id(using),
        happened_at=history_instance.history_date,
        kind=kind.name,
        code=kind.code_of(record),
        object_pk=str(record.pk),
        change_type=change_type,
        user_id=history_instance.history_user_id,
    )
    change.parent = parent  # type: ignore[attr-defined]  # set when a child's change
    return change


def _logged(changes: list[Change], using: str) -> list[Change]:
    """`changes` less the parents' changes already logged in this transaction or earlier in
    the list; the parents kept have their `last_updated` moved. A deletion takes back the
    updates its children made of the record in this transaction (deleted before it, they
    would announce a change of a record that is gone)."""
    postgres = connections[using].vendor == "postgresql"
    derived = [c for c in changes if getattr(c, "parent", None) is not None]
    deleted = [c for c in changes if c.change_type == ChangeType.DELETED]
    this_transaction = Change.objects.using(using).filter(transaction=_sql(CURRENT_TRANSACTION))
    seen: set[tuple[str, str]] = set()
    if derived and postgres:
        seen = set(
            this_transaction.filter(
                kind__in={c.kind for c in derived}, object_pk__in={c.object_pk for c in derived}
            ).values_list("kind", "object_pk")
        )
    from_children = connections[using].__dict__.get(DERIVED, {})
    taken_back = [
        from_children[(c.kind, c.object_pk)]
        for c in deleted
        if (c.kind, c.object_pk) in from_children
    ]
    if taken_back and postgres:
        this_transaction.filter(pk__in=taken_back).delete()
    kept = []
    for change in changes:
        key = (change.kind, change.object_pk)
        if getattr(change, "parent", None) is not None:
            if key in seen:
                continue
            _touch(change.parent, using)  # type: ignore[attr-defined]
        seen.add(key)
        kept.append(change)
    return kept


def _remember_derived(changes: list[Change], using: str) -> None:
    """The ids of the saved changes made for a child's, by record, until the transaction
    ends (cleared with the webhooks' list; a rolled-back one is filtered out by `transaction`)."""
    derived = {
        (c.kind, c.object_pk): c.pk for c in changes if getattr(c, "parent", None) is not None
    }
    if derived:
        connections[using].__dict__.setdefault(DERIVED, {}).update(derived)


def _touch(record: Model, using: str) -> None:
    """The parent's `last_updated` moves (without a save: its own history is unchanged)."""
    if any(field.name == "last_updated" for field in record._meta.concrete_fields):
        type(record)._base_manager.using(using).filter(pk=record.pk).update(
            last_updated=timezone.now()
        )


def record_history_rows(history_rows: Iterable[Any], using: str = "default") -> list[Change]:
    """Log the changes of history rows written in bulk (`bulk_create_with_history` sends no
    signal): call it in the same transaction."""
    changes = [c for c in (change_from_history(row, using) for row in history_rows) if c]
    created = Change.objects.using(using).bulk_create(_logged(changes, using))
    _remember_derived(created, using)
    _after_commit([change.pk for change in created], using)
    return created


def on_history_row(sender, instance, history_instance, using=None, **kwargs) -> None:
    """simple_history's post_create_historical_record: log the change in the same transaction.
    Bookkeeping beside the history row, not domain logic: nothing else happens here."""
    using = using or "default"
    change = change_from_history(history_instance, using, record=instance)
    if change is None or not _logged([change], using):
        return
    change.save(using=using)
    _remember_derived([change], using)
    _after_commit([change.pk], using)


def _after_commit(change_ids: list[int], using: str) -> None:
    """Collects the transaction's changes and hands them to the webhooks once it commits (one
    call per transaction however many records it changed). A change rolled back with a
    savepoint may stay in the list: the handler reads the rows that exist."""
    if not change_ids:
        return
    connection = connections[using]
    pending = connection.__dict__.setdefault("_integrations_changes", [])
    pending.extend(change_ids)

    def flush() -> None:
        ids = connection.__dict__.pop("_integrations_changes", [])
        connection.__dict__.pop(DERIVED, None)
        if ids:
            from .webhooks import queue_deliveries

            queue_deliveries(ids, using)

    transaction.on_commit(flush, using=using)


# --- Reading the feed ------------------------------------------------------------------------


class BadCursor(ValueError):
    pass


def encode_cursor(change: Change) -> str:
    raw = f"{change.transaction}.{change.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        transaction_id, change_id = (int(part) for part in raw.split("."))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor(gettext("Not a cursor this feed gave out.")) from None
    if transaction_id < 0 or change_id < 0 or max(transaction_id, change_id) >= 2**63:
        raise BadCursor(gettext("Not a cursor this feed gave out."))
    return transaction_id, change_id


def settled_changes(using: str = "default") -> QuerySet[Change]:
    """The changes no running transaction can still add to below them, in feed order."""
    changes = Change.objects.using(using).order_by("transaction", "id")
    if connections[using].vendor == "postgresql":
        changes = changes.filter(
            Q(transaction__lt=_sql(OLDEST_RUNNING)) | Q(transaction=_sql(OWN_TRANSACTION))
        )
    return changes


def changes_after(cursor: str | None, using: str = "default") -> QuerySet[Change]:
    """The settled changes after `cursor` (from the start without one)."""
    changes = settled_changes(using)
    if cursor:
        transaction_id, change_id = decode_cursor(cursor)
        # A row comparison, `(transaction, id) > (t, i)`: PostgreSQL starts the index scan at
        # the cursor (an OR of the two conditions scanned the log from its first row).
        changes = changes.filter(
            GreaterThan(
                _row(F("transaction"), F("id")), _row(Value(transaction_id), Value(change_id))
            )
        )
    return changes


def _row(*expressions) -> Func:
    return Func(*expressions, template="(%(expressions)s)", output_field=BigIntegerField())


# --- Pruning ---------------------------------------------------------------------------------

# Less than a day would cut the feed under a tool reading it every night.
MIN_RETENTION = dt.timedelta(days=1)
# Rows deleted per statement (and per transaction): short locks, bounded memory.
PRUNE_BATCH = 5000


def prunable_changes(older_than: dt.timedelta, using: str = "default") -> QuerySet[Change]:
    """The changes made before `older_than` ago that no webhook still has to deliver.

    A tool reading the feed keeps its cursor itself (the feed is anonymous): one that asks
    again within the retention gets every change; one that stays away longer resumes after the
    oldest change still kept and must re-read the lists (`modified_since`) to catch up. A
    change whose delivery is still pending is kept whatever its age: the delivery (and the
    order of its record's later ones) needs it. Delivered and failed deliveries go with their
    change: the delivery log keeps the same window."""
    cutoff = timezone.now() - older_than
    pending = Delivery.objects.using(using).filter(
        change=OuterRef("pk"), status=DeliveryStatus.PENDING
    )
    return (
        Change.objects.using(using)
        .filter(happened_at__lt=cutoff)
        .exclude(Exists(pending))
        .order_by("id")
    )


def prune_changes(
    older_than: dt.timedelta,
    *,
    dry_run: bool = False,
    batch_size: int = PRUNE_BATCH,
    using: str = "default",
) -> int:
    """Delete the prunable changes (`prunable_changes`), `batch_size` at a time, each batch in
    its own transaction, walking the log in id order (the oldest rows have the lowest ids, so
    each batch reads the primary key index from where the last one stopped): how many were (or,
    in a dry run, would be) deleted."""
    if older_than < MIN_RETENTION:
        raise ValueError(f"Keep at least {MIN_RETENTION.days} day of changes.")
    if dry_run:
        return prunable_changes(older_than, using).count()
    deleted, last_id = 0, 0
    while True:
        with transaction.atomic(using=using):
            ids = list(
                prunable_changes(older_than, using)
                .filter(id__gt=last_id)
                .values_list("id", flat=True)[:batch_size]
            )
            if not ids:
                return deleted
            Delivery.objects.using(using).filter(change_id__in=ids).delete()
            deleted += Change.objects.using(using).filter(id__in=ids).delete()[0]
            last_id = ids[-1]

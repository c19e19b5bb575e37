"""A confirmed admin import, run by a worker: the admin stores the file and its preview's time
(`queue_import`), a Celery task runs `run_import`, and the admin's progress page reads
`progress`. The `import_records` command keeps importing in the terminal's own process.

- All or nothing, as any import: the rows, the history ("imported from <file> by <user>") and
  the import's final state commit together in one transaction.
- Idempotent and retry-safe: `run_import` locks the import's row (skipping it when another run
  holds it) and does nothing once it is done or failed. A run that dies leaves the row queued
  and nothing written; the broker redelivers the task (acks_late) and it runs again whole.
- Progress is written to the cache, which other processes read while the import's transaction
  is still open (a row updated inside it would stay invisible until the commit).
- A record changed after the preview is an error of its row, never overwritten unseen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from .models import ImportState, SpreadsheetImport
from .spreadsheets import SpreadsheetError, import_dataset, read_dataset

# Longer than any import may run (Celery's hard time limit is 15 minutes by default).
PROGRESS_TIMEOUT = 3600


def progress_key(pk: int) -> str:
    return f"spreadsheet-import:{pk}:rows-done"


def progress(upload: SpreadsheetImport) -> int:
    """The rows a running import has done so far (0 before it starts and once it is over)."""
    if upload.finished:
        return upload.rows_total
    return int(cache.get(progress_key(upload.pk)) or 0)


def queue_import(
    *,
    kind: str,
    file_name: str,
    data: bytes,
    user: Any,
    previewed_at: dt.datetime,
    rows_total: int = 0,
) -> SpreadsheetImport:
    """Store the confirmed file and have a worker import it once this transaction commits (in
    the embedded default, with no broker, it runs at once in this process)."""
    from .tasks import import_spreadsheet

    upload = SpreadsheetImport.objects.create(
        kind=kind,
        file_name=file_name[:255],
        data=data,
        user=user if getattr(user, "pk", None) else None,
        previewed_at=previewed_at,
        rows_total=rows_total,
        language=translation.get_language() or "",
    )
    transaction.on_commit(lambda: import_spreadsheet.delay(upload.pk))
    return upload


def run_import(pk: int) -> str:
    """Import the stored file of import `pk`, if it is still to be done: what became of it."""
    with transaction.atomic():
        upload = (
            SpreadsheetImport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk, state__in=(ImportState.QUEUED, ImportState.RUNNING))
            .first()
        )
        if upload is None:
            return "nothing to do"
        with translation.override(upload.language or settings.LANGUAGE_CODE):
            _import(upload)
        upload.finished_at = timezone.now()
        upload.save()
    cache.delete(progress_key(pk))
    return upload.state


def _import(upload: SpreadsheetImport) -> None:
    """Run the import of `upload` and write its outcome on it (not saved)."""
    key = progress_key(upload.pk)
    cache.set(key, 0, PROGRESS_TIMEOUT)
    try:
        dataset = read_dataset(bytes(upload.data))
        upload.rows_total = len(dataset)
        outcome = import_dataset(
            upload.kind,
            dataset,
            dry_run=False,
            file_name=upload.file_name,
            user=upload.user,
            previewed_at=upload.previewed_at,
            progress=lambda done: cache.set(key, done, PROGRESS_TIMEOUT),
        )
    except SpreadsheetError as error:
        upload.state, upload.error_text = ImportState.FAILED, str(error)
        return
    counts = outcome.counts
    upload.new, upload.changed = counts["new"], counts["changed"]
    upload.unchanged, upload.errors = counts["unchanged"], counts["errors"]
    upload.error_text = "\n".join(outcome.errors)
    upload.state = ImportState.FAILED if outcome.errors else ImportState.DONE

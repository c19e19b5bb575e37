"""The floor's Celery task: a confirmed spreadsheet import, run by a worker (thin: the work and
its idempotence are in `core.spreadsheet_imports`)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .spreadsheet_imports import run_import


@shared_task(
    name="core.tasks.import_spreadsheet",
    acks_late=True,
    # A lost connection or a deadlock rolled the whole import back: it runs again whole.
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    retry_jitter=True,
    max_retries=3,
)
def import_spreadsheet(import_id: int) -> str:
    return run_import(import_id)

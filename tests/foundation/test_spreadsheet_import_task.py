"""A confirmed admin import runs as a Celery task (core.spreadsheet_imports): the admin stores the
file and shows a progress page; the worker imports all or nothing, once."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import ImportState, SpreadsheetImport
from core.spreadsheet_imports import queue_import, run_import
from deliverables.models import Group
from standards_tracker.celery import app
from tests.deliverables.factories import GroupFactory
from tests.spreadsheets import export_bytes, in_process_tasks, with_cell  # noqa: F401

IMPORT_URL = reverse("admin:deliverables_group_import")
CONFIRM_URL = reverse("admin:deliverables_group_process_import")


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def preview_and_confirm(client, data: bytes, name: str = "groups.csv"):
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    preview = client.post(IMPORT_URL, {"format": "0", "import_file": upload, "resource": "0"})
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None, preview.content.decode()
    return client.post(CONFIRM_URL, {name: confirm[name].value() for name in confirm.fields})


def renamed(count: int, *, bad_code: str = "") -> bytes:
    """The export of `count` groups G-0001… with every name changed (and, with `bad_code`, that
    group's parent a code no group has)."""
    for number in range(count):
        GroupFactory(code=f"G-{number:04d}")
    data = export_bytes("groups")
    for number in range(count):
        data = with_cell(data, "code", f"G-{number:04d}", "name", f"Renamed group {number}")
    if bad_code:
        data = with_cell(data, "code", bad_code, "parent", "SG99")
    return data


@pytest.mark.django_db
@pytest.mark.usefixtures("in_process_tasks")
def test_confirm_queues_the_import_and_the_progress_page_ends_with_the_result(
    staff, secretariat_user, django_capture_on_commit_callbacks
):
    GroupFactory(code="SG17", name="Security")
    data = with_cell(export_bytes("groups"), "code", "SG17", "name", "Security and trust")
    with django_capture_on_commit_callbacks(execute=True):
        done = preview_and_confirm(staff, data)

    upload = SpreadsheetImport.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "admin:deliverables_group_spreadsheet_import", args=[upload.pk]
    )
    assert (upload.state, upload.changed, upload.rows_total) == (ImportState.DONE, 1, 1)
    group = Group.objects.get(code="SG17")
    assert group.name == "Security and trust"
    latest = group.history.latest()
    assert latest.history_change_reason == "imported from groups.csv by secretariat"
    assert latest.history_user == secretariat_user

    page = staff.get(done["Location"]).content.decode()
    assert "New: 0. Changed: 1. Unchanged: 0." in page
    assert reverse("admin:deliverables_group_changelist") in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_a_queued_import_refreshes_its_page_until_a_worker_runs_it(staff, secretariat_user):
    upload = queue_import(
        kind="groups",
        file_name="groups.csv",
        data=b"code,name,kind\nSG17,Security,study_group\n",
        user=secretariat_user,
        previewed_at=timezone.now(),
        rows_total=1,
    )
    page = staff.get(reverse("admin:deliverables_group_spreadsheet_import", args=[upload.pk]))
    text = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in text
    assert "Waiting for a worker to import 1 row." in text
    # Another kind's admin does not show it.
    other = reverse("admin:deliverables_deliverable_spreadsheet_import", args=[upload.pk])
    assert staff.get(other).status_code == 404


@pytest.mark.django_db
def test_a_bad_row_fails_the_import_with_its_message_and_writes_nothing(secretariat_user):
    data = renamed(3, bad_code="G-0001")
    upload = queue_import(
        kind="groups",
        file_name="groups.csv",
        data=data,
        user=secretariat_user,
        previewed_at=timezone.now(),
    )
    assert run_import(upload.pk) == ImportState.FAILED
    upload.refresh_from_db()
    assert upload.state == ImportState.FAILED
    assert "Row 3, column parent, value “SG99”: No group has the code “SG99”." in (
        upload.error_text
    )
    assert not Group.objects.filter(name__startswith="Renamed").exists()


@pytest.mark.django_db
def test_a_second_run_of_a_done_import_does_nothing(secretariat_user):
    data = renamed(2)
    upload = queue_import(
        kind="groups",
        file_name="groups.csv",
        data=data,
        user=secretariat_user,
        previewed_at=timezone.now(),
    )
    assert run_import(upload.pk) == ImportState.DONE
    group = Group.objects.get(code="G-0000")
    histories = group.history.count()
    group.name = "Renamed again by hand"
    group.save()
    assert run_import(upload.pk) == "nothing to do"
    group.refresh_from_db()
    assert group.name == "Renamed again by hand"
    assert group.history.count() == histories + 1


@pytest.mark.django_db
def test_a_record_changed_after_the_preview_fails_the_import(secretariat_user):
    data = renamed(2)
    previewed_at = timezone.now() - dt.timedelta(minutes=1)
    # Someone edits G-0001 in the admin between the preview and the worker's run.
    Group.objects.filter(code="G-0001").update(mandate="Edited meanwhile")
    upload = queue_import(
        kind="groups",
        file_name="groups.csv",
        data=data,
        user=secretariat_user,
        previewed_at=previewed_at,
    )
    assert run_import(upload.pk) == ImportState.FAILED
    upload.refresh_from_db()
    assert "Row 3: This record was changed at" in upload.error_text
    assert "after the preview" in upload.error_text
    assert Group.objects.get(code="G-0001").mandate == "Edited meanwhile"
    assert not Group.objects.filter(name__startswith="Renamed").exists()


# --- through the broker, with a real worker ----------------------------------------------


@pytest.fixture
def redis_celery_app():
    """The project's Celery app on the real Redis broker, not eager."""
    import os

    url = os.environ["REDIS_URL"]
    keys = ("broker_url", "result_backend", "task_always_eager")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    yield app
    app.conf.update(previous)


def wait_until_finished(pk: int, seconds: float = 60) -> SpreadsheetImport:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        upload = SpreadsheetImport.objects.get(pk=pk)
        if upload.finished:
            return upload
        time.sleep(0.2)
    raise AssertionError("the import did not finish")


class RowLock(threading.Thread):
    """Holds a lock on one group's row in its own transaction (and connection), so the worker's
    import stops there, its transaction open, until `release()`."""

    def __init__(self, code: str) -> None:
        super().__init__(daemon=True)
        self.code, self.held, self.released = code, threading.Event(), threading.Event()

    def run(self) -> None:
        try:
            with transaction.atomic():
                Group.objects.select_for_update().get(code=self.code)
                self.held.set()
                self.released.wait(60)
        finally:
            connection.close()

    def release(self) -> None:
        self.released.set()
        self.join(10)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_the_file_showing_its_progress_while_its_transaction_is_open(
    staff, secretariat_user, redis_celery_app
):
    from celery.contrib.testing.worker import start_worker

    data = renamed(60)
    lock = RowLock("G-0030")  # row 32 of the file: after the progress at row 25
    lock.start()
    assert lock.held.wait(10)
    try:
        with start_worker(
            redis_celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"
        ):
            done = preview_and_confirm(staff, data)
            upload = SpreadsheetImport.objects.get()
            deadline, text = time.monotonic() + 30, ""
            while time.monotonic() < deadline and "25 of 60" not in text:
                time.sleep(0.2)
                text = staff.get(done["Location"]).content.decode()
            assert "Importing: 25 of 60 rows done." in text
            assert 'http-equiv="refresh"' in text
            # Not one row is visible outside the open transaction.
            assert not Group.objects.filter(name__startswith="Renamed").exists()
            lock.release()
            upload = wait_until_finished(upload.pk)
    finally:
        lock.release()
    assert (upload.state, upload.changed, upload.unchanged) == (ImportState.DONE, 60, 0)
    assert Group.objects.filter(name__startswith="Renamed").count() == 60
    assert Group.objects.get(code="G-0030").history.latest().history_change_reason == (
        "imported from groups.csv by secretariat"
    )
    page = staff.get(done["Location"]).content.decode()
    assert "New: 0. Changed: 60. Unchanged: 0." in page


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_fails_an_import_with_a_bad_row_and_writes_nothing(
    staff, secretariat_user, redis_celery_app
):
    from celery.contrib.testing.worker import start_worker

    data = renamed(30)
    # Valid at the preview; the parent is gone by the time the worker runs.
    GroupFactory(code="WP9")
    data = with_cell(data, "code", "G-0020", "parent", "WP9")
    upload_file = SimpleUploadedFile("groups.csv", data, content_type="text/csv")
    preview = staff.post(IMPORT_URL, {"format": "0", "import_file": upload_file, "resource": "0"})
    confirm = preview.context["confirm_form"]
    Group.objects.filter(code="WP9").delete()
    with start_worker(redis_celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        done = staff.post(CONFIRM_URL, {name: confirm[name].value() for name in confirm.fields})
        upload = wait_until_finished(SpreadsheetImport.objects.get().pk)
    assert upload.state == ImportState.FAILED
    assert "column parent, value “WP9”: No group has the code “WP9”." in upload.error_text
    assert not Group.objects.filter(name__startswith="Renamed").exists()
    page = staff.get(done["Location"]).content.decode()
    assert "Not imported: nothing was changed" in page
    assert "No group has the code “WP9”." in page

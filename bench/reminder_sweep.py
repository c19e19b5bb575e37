"""Benchmark: the reminder sweep over 1,000 / 10,000 / 100,000 action items, 1,000 of them due;
of the others a quarter are open and overdue for months or years (not on their reminder day).

Run on demand, not part of the test suite:

    .venv/bin/python bench/reminder_sweep.py

Uses the PostgreSQL server of DATABASE_URL when set (in a throw-away `test_…` database, as the
test runner does), else starts its own with core/testing/services.py. Prints, for
each size, the number of SQL queries of the sweep (dry run, and sending with the in-memory mail
backend) and its time, next to a plain SQL query selecting the same due rows, in the same run.
The query count must not change with the number of items.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standards_tracker.settings")

from core.testing.services import SERVICES, start_postgres  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = start_postgres()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from deliverables.models import Group, GroupKind, Person, Role, RoleKind  # noqa: E402
from meetings.models import ActionItem, ActionStatus, Meeting  # noqa: E402
from reminders.models import ReminderLog  # noqa: E402
from reminders.sweep import sweep  # noqa: E402

ON = dt.date(2024, 2, 5)
DUE = 1_000
SIZES = (1_000, 10_000, 100_000)
PEOPLE = 200  # the 1,000 due actions are spread over 200 responsible people
REPEAT = 3
BATCH = 5_000


def build_world() -> tuple[list[Meeting], list[Group], list[Person]]:
    groups = Group.objects.bulk_create(
        Group(code=f"RG-B{n:02d}", name=f"Bench group {n}", kind=GroupKind.RAPPORTEUR_GROUP)
        for n in range(20)
    )
    people = Person.objects.bulk_create(
        Person(slug=f"bench-{n}", name=f"Delegate {n}", email=f"delegate{n}@example.org")
        for n in range(PEOPLE)
    )
    Role.objects.bulk_create(
        Role(person=people[n], group=group, role=RoleKind.RAPPORTEUR, starts_on=dt.date(2023, 1, 1))
        for n, group in enumerate(groups)
    )
    zone = dt.UTC
    meetings = Meeting.objects.bulk_create(
        Meeting(
            code=f"bench-{n}",
            title=f"Bench meeting {n}",
            kind="working_party",
            all_day=True,
            starts_at=dt.datetime(2023, 1, 2, tzinfo=zone) + dt.timedelta(days=7 * n),
            ends_at=dt.datetime(2023, 1, 3, tzinfo=zone) + dt.timedelta(days=7 * n),
        )
        for n in range(50)
    )
    return meetings, groups, people


def add_actions(start: int, count: int, due: bool, world) -> None:
    """`count` actions numbered from `start`: due ones are open and due within the lead times
    (or overdue on their weekly reminder day); the others are done, due far ahead, without a
    due date, or — a quarter of them — open and overdue for months or years on any other day
    of the week (the stale backlog a real work programme keeps, never read by the sweep)."""
    meetings, groups, people = world
    rows = []
    for n in range(start, start + count):
        if due:
            status, due_date = ActionStatus.OPEN, ON + dt.timedelta(days=(-7, 0, 1, 7, 14)[n % 5])
        else:
            kind = n % 4
            status = ActionStatus.DONE if kind == 0 else ActionStatus.OPEN
            late = 30 + n % 3650  # a month to ten years overdue…
            late += late % 7 == 0  # …but not on its weekly reminder day (that one is due)
            due_date = (
                ON - dt.timedelta(days=30)
                if kind == 0
                else ON + dt.timedelta(days=60 + n % 300)
                if kind == 1
                else None
                if kind == 2
                else ON - dt.timedelta(days=late)
            )
        rows.append(
            ActionItem(
                meeting=meetings[n % len(meetings)],
                code=f"B-{n}",
                position=n % 30000,
                text=f"Bench action {n}: prepare and circulate the contribution.",
                group=groups[n % len(groups)],
                responsible_person=people[n % len(people)],
                due_date=due_date,
                status=status,
                closed_on=ON - dt.timedelta(days=1) if status == ActionStatus.DONE else None,
            )
        )
        if len(rows) >= BATCH:
            ActionItem.objects.bulk_create(rows)
            rows = []
    if rows:
        ActionItem.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_actionitem")


def measure_sweep(dry_run: bool) -> tuple[int, float, float, int, int]:
    """(queries, median milliseconds, median milliseconds of this process's CPU, reminders,
    digests) of the sweep, log emptied each time. The CPU time is the sweep's own Python work
    (the database's is not in it): on a machine shared with other work it moves far less than
    the wall clock."""
    times, cpu, queries, result = [], [], 0, None
    for _ in range(REPEAT):
        ReminderLog.objects.all().delete()
        mail.outbox = []
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = sweep(ON, dry_run=dry_run)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries = len(captured)
    digests = (
        len({(d.email, d.nobody_reachable) for d in result.deliveries})
        if dry_run
        else result.messages
    )
    return queries, statistics.median(times), statistics.median(cpu), len(result.reminders), digests


def measure_plain_sql() -> tuple[float, int]:
    """The same due rows in one hand-written query: the floor any sweep could reach. Open
    actions due within the longest lead time, or overdue on their reminder day (due today,
    today - 7, today - 14… back to the oldest open action)."""
    horizon = ON + dt.timedelta(days=max(settings.REMINDER_LEAD_DAYS))
    every = int(settings.REMINDER_OVERDUE_EVERY_DAYS)
    sql = (
        "SELECT a.id, a.code, a.due_date, p.email FROM meetings_actionitem a "
        "LEFT JOIN deliverables_person p ON p.id = a.responsible_person_id "
        "WHERE a.status = 'open' AND ((a.due_date > %s AND a.due_date <= %s) "
        "OR a.due_date = ANY(ARRAY(SELECT %s::date - k * %s FROM generate_series(0, "
        "(%s::date - (SELECT min(due_date) FROM meetings_actionitem "
        "WHERE status = 'open')) / %s) AS k)))"
    )
    times, rows = [], 0
    for _ in range(REPEAT):
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, [ON, horizon, ON, every, ON, every])
            rows = len(cursor.fetchall())
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def main() -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECRETARIAT_EMAILS = ["secretariat@example.org"]
    settings.SITE_URL = "https://tracker.example.org"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        world = build_world()
        rows = []
        add_actions(0, DUE, due=True, world=world)
        sweep(ON, dry_run=True)  # warm up: URL resolvers, templates, connection
        made = DUE
        for size in SIZES:
            if size > made:
                add_actions(made, size - made, due=False, world=world)
                made = size
            dry_q, dry_ms, dry_cpu, reminders, _digests = measure_sweep(dry_run=True)
            send_q, send_ms, _, _, sent = measure_sweep(dry_run=False)
            sql_ms, sql_rows = measure_plain_sql()
            assert sql_rows == DUE, sql_rows
            assert reminders == DUE, reminders
            rows.append(
                (size, sql_rows, reminders, sent, dry_q, send_q, dry_ms, dry_cpu, send_ms, sql_ms)
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        SERVICES.stop()

    header = (
        "| action items | due | reminders | digests sent | queries (dry run) | queries (send) "
        "| sweep, dry run (ms) | dry run, CPU (ms) | sweep, send (ms) | plain SQL (ms) "
        "| dry run / plain SQL |"
    )
    print(
        f"PostgreSQL {connection.pg_version // 10000}; median of {REPEAT} runs; "
        f"mail: in-memory backend; {PEOPLE} recipients."
    )
    print(header)
    print("|---:" * (header.count("|") - 1) + "|")
    for size, due, reminders, sent, dry_q, send_q, dry_ms, dry_cpu, send_ms, sql_ms in rows:
        print(
            f"| {size:,} | {due:,} | {reminders:,} | {sent} | {dry_q} | {send_q} "
            f"| {dry_ms:.0f} | {dry_cpu:.0f} | {send_ms:.0f} | {sql_ms:.1f} "
            f"| {dry_ms / sql_ms:.0f}× |"
        )
    counts = {(row[4], row[5]) for row in rows}
    print("\nQuery count independent of the number of items:", "yes" if len(counts) == 1 else "NO")


if __name__ == "__main__":
    main()

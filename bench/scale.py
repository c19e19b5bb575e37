"""Benchmark: every API call, page, feed, admin changelist and the reminder sweep on a synthetic
work programme of ITU-T's size (1×) and ten times it (10×), issue 12.

    .venv/bin/python bench/scale.py [--sizes 1,10] [--repeat 5] [--only PATTERN] [--skip-load]

Starts its own throw-away PostgreSQL (core/testing/services.py, as bench/reminder_sweep.py does;
or uses the server of DATABASE_URL), and for each size builds a fresh database: migrations, the
demo data (load_seed_data), then `generate_scale_data --scale N`. Then, with DEBUG off and the
Django test Client in process, it measures each row:

- median and p95 server time over --repeat requests (after one warm-up request, which also counts
  the SQL queries and the response bytes);
- for every API row, in the same loop, alternating with it, its floor (bench/scale_floors.py): one
  hand-written SELECT for the same rows and fields, shaped in Python and encoded with the API's
  JSON renderer, and the ratio API / floor; the floor's body is compared with the API's;
- a row stops repeating once it has used --row-budget seconds (marked "capped"), and a single
  request is cut at --timeout seconds (marked "timeout"), so the 10× run always finishes.

Then (unless --skip-load) gunicorn with 2 workers on loopback and wrk (`apt-get install -y wrk`)
for --load-seconds per target: requests per second, latency percentiles and errors for the
deliverables list (page_size=100), one study group's matrix and the calendar, beside /healthz;
and the peak RSS (VmHWM) of the workers.

Prints Markdown tables; --json writes every figure to a file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

ENVIRONMENT = {
    # Production-like: DEBUG off (no query log, cached templates), plain HTTP on loopback,
    # persistent database connections, no throttling in the way of the measurement.
    "DJANGO_SETTINGS_MODULE": "standards_tracker.settings",
    "DEBUG": "off",
    "SECRET_KEY": "bench-scale-not-secret",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "off",
    "SESSION_COOKIE_SECURE": "off",
    "CSRF_COOKIE_SECURE": "off",
    "BEHIND_PROXY": "off",
    "SECURE_HSTS_SECONDS": "0",
    "API_ANON_RATE": "1000000000/hour",
    "CONN_MAX_AGE": "600",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10", help="Scales to build, e.g. 1,10 or 0.1.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per row.")
    parser.add_argument("--only", default="", help="Only rows whose name or URL match (regex).")
    parser.add_argument("--skip-load", action="store_true", help="No gunicorn + wrk run.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--row-budget", type=float, default=30.0, help="Seconds per row.")
    parser.add_argument("--timeout", type=float, default=120.0, help="Seconds per request.")
    parser.add_argument(
        "--sweep-timeout", type=float, default=600.0, help="Seconds per sweep (a daily job)."
    )
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--load-connections", type=int, default=4)
    parser.add_argument("--json", type=Path, help="Write every figure to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the databases (for debugging).")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Use a kept database of the same name when there is one (migrate it, no new data).",
    )
    parser.add_argument("--db-suffix", default="", help="Suffix of the databases' names.")
    parser.add_argument(
        "--report", type=Path, help="Print the tables of a --json file again (measures nothing)."
    )
    return parser.parse_args()


ARGS = parse_args()
os.environ.update({k: v for k, v in ENVIRONMENT.items() if k not in ("DATABASE_URL",)})

from core.testing.services import SERVICES, free_port, start_postgres  # noqa: E402

if not os.environ.get("DATABASE_URL") and not ARGS.report:
    os.environ["DATABASE_URL"] = start_postgres()
# No broker: Celery tasks run in process, the cache is local memory (as in a single container).
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

import scale_floors as floors  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from deliverables.models import Deliverable, Group, GroupKind, Role  # noqa: E402
from liaisons.models import LiaisonStatement  # noqa: E402
from meetings.models import ActionItem, Document, Meeting  # noqa: E402
from portal.scale_data import COMMON_WORD, RARE_WORD, generate, study_periods, table_counts  # noqa: E402
from reminders.models import ReminderLog, Subscription  # noqa: E402
from reminders.sweep import sweep  # noqa: E402
from workitems.models import WorkItem  # noqa: E402


class RequestTimeout(BaseException):
    """Raised by the alarm inside a request that runs past --timeout (BaseException, so no
    `except Exception` on the way swallows it)."""


def _alarm(signum, frame):
    raise RequestTimeout


signal.signal(signal.SIGALRM, _alarm)


def _statement_timeout(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        limit = max(ARGS.timeout, ARGS.sweep_timeout)
        cursor.execute(f"SET statement_timeout = {int(limit * 1000)}")


connection_created.connect(_statement_timeout)


@dataclass
class Row:
    section: str
    name: str
    url: str = ""
    auth: str = ""  # "", "user" or "admin"
    floor: object = None  # callable returning bytes, or None
    action: object = None  # callable run instead of a GET (the sweep)


@dataclass
class Result:
    section: str
    name: str
    url: str
    status: str = ""
    runs: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    bytes: int | None = None
    floor_median_ms: float | None = None
    floor_p95_ms: float | None = None
    ratio: float | None = None
    floor_check: str = ""
    floor_diff: str = ""
    note: str = ""


@dataclass
class SizeReport:
    scale: float
    build_seconds: float
    counts: dict
    results: list[Result] = field(default_factory=list)
    load: list[dict] = field(default_factory=list)
    worker_peak_rss_mb: float | None = None
    load_average: str = ""  # the machine's 1/5/15-minute load when the size was measured


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


@contextlib.contextmanager
def time_limit(seconds: float):
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _reset_connection() -> None:
    """After a cut request: drop the connection (a query may still be running on it)."""
    with contextlib.suppress(Exception):
        connection.close()


def get(client: Client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response.status_code, body


# --- the database of one size ---------------------------------------------------------------

ADMIN_DB = connection.settings_dict["NAME"]


def use_database(name: str) -> None:
    for alias in connections:
        connections[alias].close()
    connection.settings_dict["NAME"] = name
    connection.settings_dict["CONN_MAX_AGE"] = None  # one connection for the whole size


def build(scale: float) -> tuple[str, float, dict]:
    name = f"bench_scale_{str(scale).replace('.', '_')}{ARGS.db_suffix}"
    use_database(ADMIN_DB)
    with connection.cursor() as cursor:
        if ARGS.reuse:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                use_database(name)
                call_command("migrate", verbosity=0)
                print(f"  reusing {name}", flush=True)
                return name, 0.0, table_counts()
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    use_database(name)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_seed_data", verbosity=0)
    seeded = time.monotonic()
    generate(scale, seed=ARGS.seed, log=lambda line: print(f"  {line}", flush=True))
    generated = time.monotonic()
    print(
        f"  migrate + demo data {seeded - started:.1f} s, generate {generated - seeded:.1f} s",
        flush=True,
    )
    return name, generated - seeded, table_counts()


def drop(name: str) -> None:
    use_database(ADMIN_DB)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- what is measured -----------------------------------------------------------------------


@dataclass
class Samples:
    sg: Group
    deliverable: Deliverable
    meeting: Meeting
    document: Document
    action: ActionItem
    statement: LiaisonStatement
    person_slug: str
    role_id: int
    subscriber: object
    subscription_key: str
    today: dt.date
    work_item: WorkItem | None = None  # of the study group, the one with the longest timeline
    question: Group | None = None  # the study group's first Question


def pick_samples() -> Samples:
    """Typical records of the generated programme: the current period's SG17 and its records."""
    today = timezone.localdate()
    current = next(p for p in study_periods(today) if p.start <= today.year <= p.end)
    sg = Group.objects.filter(code=f"SG17-{current.start}").first() or (
        Group.objects.filter(kind=GroupKind.STUDY_GROUP).order_by("code").first()
    )
    deliverable = Deliverable.objects.allocated_to(sg).order_by("code").first()
    held = Meeting.objects.filter(starts_at__lt=timezone.now(), documents__isnull=False)
    meeting = (
        held.filter(groups=sg).order_by("-starts_at").first() or held.order_by("-starts_at").first()
    )
    document = (
        Document.objects.filter(meeting=meeting, revision=1).first()
        or Document.objects.filter(revision=1).order_by("number").first()
    )
    action = ActionItem.objects.filter(meeting=meeting).order_by("position").first() or (
        ActionItem.objects.order_by("pk").last()
    )
    statement = (
        LiaisonStatement.objects.addressed_to(sg).filter(replies_to__isnull=False).order_by("code")
    ).first() or LiaisonStatement.objects.order_by("code").first()
    role = Role.objects.filter(group=sg).order_by("pk").first()
    subscription = (
        Subscription.objects.select_related("user", "group", "deliverable", "meeting")
        .order_by("pk")
        .first()
    )
    from reminders.api.serializers import subscription_key

    work_item = (
        WorkItem.objects.filter(study_group=sg, questions__isnull=False)
        .annotate(events_count=Count("events", distinct=True))
        .order_by("-events_count", "identifier")
        .first()
    )
    question = (
        Group.objects.filter(parent=sg, kind=GroupKind.QUESTION).order_by("code").first()
        if hasattr(GroupKind, "QUESTION")
        else None
    )

    return Samples(
        sg=sg,
        deliverable=deliverable,
        meeting=meeting,
        document=document,
        action=action,
        statement=statement,
        person_slug=role.person.slug,
        role_id=role.pk,
        subscriber=subscription.user,
        subscription_key=subscription_key(subscription),
        today=today,
        work_item=work_item,
        question=question,
    )


def api_rows(s: Samples) -> list[Row]:
    sg = s.sg.code
    today = s.today
    rows = []

    def listing(resource: str, path: str, query: dict, auth: str = "", label: str = ""):
        url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        user_id = s.subscriber.pk if auth else None
        rows.append(
            Row(
                "API list",
                label or url,
                url,
                auth,
                floor=(
                    (lambda: floors.floor_list(resource, path, query, today, user_id))
                    if resource in floors.ROWS
                    else None
                ),
            )
        )

    for resource, path in [
        ("groups", "/api/v1/groups/"),
        ("people", "/api/v1/people/"),
        ("roles", "/api/v1/roles/"),
        ("deliverables", "/api/v1/deliverables/"),
        ("meetings", "/api/v1/meetings/"),
        ("documents", "/api/v1/documents/"),
        ("action-items", "/api/v1/action-items/"),
        ("liaisons", "/api/v1/liaisons/"),
        ("inbox", f"/api/v1/groups/{sg}/inbox/"),
    ]:
        listing(resource, path, {})
        listing(resource, path, {"page_size": "100"})
        if resource == "deliverables":
            listing(resource, path, {"page_size": "100", "allocated_to": sg})
            listing(resource, path, {"page_size": "100", "search": COMMON_WORD})
        if resource == "action-items":
            listing(resource, path, {"page_size": "100", "overdue": "true"})
        if resource == "liaisons":
            listing(resource, path, {"page_size": "100", "to": sg})
            listing(resource, path, {"page_size": "100", "search": COMMON_WORD})
    # Work items (issue 17): the list, and its main filters at page_size 100.
    listing("work-items", "/api/v1/work-items/", {})
    listing("work-items", "/api/v1/work-items/", {"page_size": "100"})
    for name, value in work_item_filters(s):
        listing("work-items", "/api/v1/work-items/", {"page_size": "100", name: value})
    listing("subscriptions", "/api/v1/subscriptions/", {}, auth="user")
    listing("subscriptions", "/api/v1/subscriptions/", {"page_size": "100"}, auth="user")

    def detail(resource: str, url: str, key, auth: str = "", **extra):
        rows.append(
            Row(
                "API detail",
                url,
                url,
                auth,
                floor=(
                    None
                    if resource is None or resource not in floors.ROWS
                    else lambda: floors.floor_detail(resource, key, today, **extra)
                ),
            )
        )

    a = s.action
    detail("groups", f"/api/v1/groups/{sg}/", sg)
    detail("people", f"/api/v1/people/{s.person_slug}/", s.person_slug)
    detail("roles", f"/api/v1/roles/{s.role_id}/", s.role_id)
    detail("deliverables", f"/api/v1/deliverables/{s.deliverable.code}/", s.deliverable.code)
    detail("meetings", f"/api/v1/meetings/{s.meeting.code}/", s.meeting.code)
    detail(
        "documents",
        f"/api/v1/documents/{s.document.code}/",
        s.document.code,
        number=s.document.number,
        revision=s.document.revision,
    )
    detail(
        "action-items",
        f"/api/v1/action-items/{a.meeting.code}/{a.code}/",
        a.code,
        meeting=a.meeting.code,
    )
    detail("liaisons", f"/api/v1/liaisons/{s.statement.code}/", s.statement.code)
    detail(None, f"/api/v1/subscriptions/{s.subscription_key}/", None, auth="user")
    if s.work_item is not None:
        identifier = s.work_item.identifier
        detail("work-items", f"/api/v1/work-items/{identifier}/", identifier)
    return rows


def work_item_filters(s: Samples) -> list[tuple[str, str]]:
    """The work-item list's main filters: the study group, its Question, late, in last call,
    a stage and the origin deliverable."""
    filters = [("study_group", s.sg.code), ("late", "true"), ("in_last_call", "true")]
    filters.append(("stage", "agreed"))
    if s.question is not None:
        filters.insert(1, ("question", s.question.code))
    if s.deliverable is not None:
        filters.append(("origin_deliverable", s.deliverable.code))
    return filters


def page_rows(s: Samples) -> list[Row]:
    sg = s.sg.code
    urls = [
        ("home", "/"),
        ("home, one group", f"/?group={sg}"),
        ("matrix, all", "/matrix/"),
        ("matrix, one study group", f"/matrix/?study_group={sg}"),
        ("matrix download (CSV)", "/matrix.csv"),
        (f"search, common word ({COMMON_WORD})", f"/search/?q={COMMON_WORD}"),
        (f"search, rare word ({RARE_WORD})", f"/search/?q={RARE_WORD}"),
        ("deliverables list", "/deliverables/"),
        ("groups list", "/groups/"),
        ("meetings list", "/meetings/"),
        ("documents list", "/documents/"),
        ("actions list", "/actions/"),
        ("liaisons list", "/liaisons/"),
        ("group page", s.sg.get_absolute_url()),
        ("deliverable page", s.deliverable.get_absolute_url()),
        ("meeting page", s.meeting.get_absolute_url()),
        ("document page", s.document.get_absolute_url()),
        ("action page", s.action.get_absolute_url()),
        ("statement page", s.statement.get_absolute_url()),
        ("person page", f"/people/{s.person_slug}/"),
        ("calendar, all", "/calendar.ics"),
        ("calendar, one group", f"/groups/{sg}/calendar.ics"),
        ("health", "/healthz"),
        ("work programme page", f"/groups/{sg}/work-programme/"),
    ]
    if s.work_item is not None:
        urls.append(("work item page", s.work_item.get_absolute_url()))
    if s.question is not None:
        urls.append(("Question page", f"/questions/{s.question.code}/"))
        urls.append(("calendar, one Question", f"/groups/{s.question.code}/calendar.ics"))
    return [Row("page", name, url) for name, url in urls]


def admin_rows(superuser) -> list[Row]:
    """Every changelist, then each of its list filters (its first choice) and a search."""
    rows = [Row("admin", "admin index (attention)", "/admin/", "admin")]
    factory = RequestFactory()
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        label = opts.label_lower
        rows.append(Row("admin", f"{label}", url, "admin"))
        request = factory.get(url)
        request.user = superuser
        try:
            changelist = model_admin.get_changelist_instance(request)
            specs = changelist.filter_specs
        except Exception as exc:  # a filter that cannot be listed is reported, not fatal
            rows.append(Row("admin", f"{label}: filters not listed ({exc})", ""))
            specs = []
        for spec in specs:
            choices = list(spec.choices(changelist))
            chosen = next(
                (
                    c
                    for c in choices[1:]
                    if not c.get("selected") and c.get("query_string", "?") not in ("?", "")
                ),
                None,
            )
            if chosen is not None:
                title = getattr(spec, "title", "filter")
                rows.append(
                    Row("admin", f"{label}: filter {title}", url + chosen["query_string"], "admin")
                )
        if model_admin.search_fields:
            rows.append(Row("admin", f"{label}: search", f"{url}?q={COMMON_WORD}", "admin"))
    return rows


def sweep_rows(s: Samples) -> list[Row]:
    def dry():
        return sweep(s.today, dry_run=True)

    def send():
        ReminderLog.objects.all().delete()
        mail.outbox = []
        return sweep(s.today, dry_run=False)

    horizon = s.today + dt.timedelta(days=max(settings.REMINDER_LEAD_DAYS))
    every = int(settings.REMINDER_OVERDUE_EVERY_DAYS)

    def due_rows():
        # The rows the sweep reminds about today: open actions due within the longest lead
        # time, and the overdue ones whose cadence day is today (due today, today - every,
        # today - 2·every…, see SweepContext.overdue_reminder_days) — not every overdue one.
        sql = (
            "SELECT a.id, a.code, a.due_date, p.email FROM meetings_actionitem a "
            "LEFT JOIN deliverables_person p ON p.id = a.responsible_person_id "
            "WHERE a.status = 'open' AND ((a.due_date > %s AND a.due_date <= %s) "
            "OR a.due_date = ANY(ARRAY(SELECT %s::date - k * %s FROM generate_series(0, "
            "(%s::date - (SELECT min(due_date) FROM meetings_actionitem "
            "WHERE status = 'open')) / %s) AS k)))"
        )
        if every <= 0:  # no cadence: only the due day itself
            sql = sql.split(" OR a.due_date = ANY")[0] + " OR a.due_date = %s)"
            return floors.fetch(sql, [s.today, horizon, s.today])
        return floors.fetch(sql, [s.today, horizon, s.today, every, s.today, every])

    return [
        Row("sweep", "reminder sweep, dry run", action=dry, floor=due_rows),
        Row("sweep", "reminder sweep, send (in-memory mail)", action=send),
    ]


# --- measuring ------------------------------------------------------------------------------


def run_once(row: Row, clients: dict) -> tuple[str, bytes, float]:
    started = time.perf_counter()
    if row.action is not None:
        result = row.action()
        body = repr(result).encode()
        status = "ok"
    else:
        code, body = get(clients[row.auth], row.url)
        status = str(code)
    return status, body, (time.perf_counter() - started) * 1000


def run_floor(row: Row) -> tuple[bytes, float]:
    started = time.perf_counter()
    body = row.floor()
    return (body if isinstance(body, bytes) else b""), (time.perf_counter() - started) * 1000


def measure(row: Row, clients: dict) -> Result:
    result = Result(row.section, row.name, row.url)
    if not row.url and row.action is None:
        result.status = "skipped"
        return result
    started = time.monotonic()
    cap = ARGS.sweep_timeout if row.action is not None else ARGS.timeout
    # Warm-up: counts the queries and bytes; its time is not in the figures unless it is the
    # only run the budget allows.
    try:
        with time_limit(cap), CaptureQueriesContext(connection) as captured:
            status, body, warm_ms = run_once(row, clients)
    except RequestTimeout:
        _reset_connection()
        result.status, result.note = "timeout", f"> {cap:.0f} s"
        return result
    result.status, result.queries, result.bytes = status, len(captured), len(body)
    if row.action is not None:
        result.bytes = None
    api_body = body
    floor_body = None
    if row.floor is not None:
        floor_body, _ = run_floor(row)
        if row.url:
            result.floor_check = floors.compare(api_body, floor_body)
            if result.floor_check != "exact":
                result.floor_diff = floors.first_difference(api_body, floor_body)
    times, floor_times = [], []
    budget_left = lambda: ARGS.row_budget - (time.monotonic() - started)  # noqa: E731
    if budget_left() <= 0:
        times.append(warm_ms)
        result.note = "capped: 1 run"
    while len(times) < ARGS.repeat and budget_left() > 0:
        try:
            with time_limit(cap):
                _, _, ms = run_once(row, clients)
        except RequestTimeout:
            _reset_connection()
            result.note = f"timeout on a repeat (> {cap:.0f} s)"
            break
        times.append(ms)
        if row.floor is not None:
            floor_times.append(run_floor(row)[1])
    if len(times) < ARGS.repeat and not result.note:
        result.note = f"capped: {len(times)} runs"
    result.runs = len(times)
    if times:
        result.median_ms = statistics.median(times)
        result.p95_ms = p95(times)
    if floor_times:
        result.floor_median_ms = statistics.median(floor_times)
        result.floor_p95_ms = p95(floor_times)
        if result.floor_median_ms:
            result.ratio = result.median_ms / result.floor_median_ms
    return result


def selected(rows: list[Row]) -> list[Row]:
    if not ARGS.only:
        return rows
    pattern = re.compile(ARGS.only, re.IGNORECASE)
    return [r for r in rows if pattern.search(r.name) or pattern.search(r.url)]


# --- load run -------------------------------------------------------------------------------

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"seconds\\": %.3f, \\"p50\\": %d, \\"p90\\": %d, "
    .. "\\"p95\\": %d, \\"p99\\": %d, \\"max\\": %d, \\"connect\\": %d, \\"read\\": %d, "
    .. "\\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, \\"bytes\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout, summary.bytes))
end
"""


def worker_pids(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Server:
    """gunicorn (2 sync workers, the project's gunicorn.conf.py) on a loopback port, with its
    workers' peak RSS (VmHWM) sampled while it runs, so a worker killed for running past the
    timeout still counts."""

    def __init__(self, database: str) -> None:
        self.port = free_port()
        url = urlsplit(os.environ["DATABASE_URL"])
        self.env = {
            **os.environ,
            "DATABASE_URL": url._replace(path=f"/{database}").geturl(),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "1",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_MAX_REQUESTS": "0",  # the same workers throughout, for their peak RSS
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
        self.base = f"http://127.0.0.1:{self.port}"
        self.peak_mb = 0.0
        self._stop = threading.Event()

    def __enter__(self) -> Server:
        self.log = (self.workdir / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "standards_tracker.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{self.base}/healthz"],
                capture_output=True,
                text=True,
                check=False,
            )
            if probe.stdout == "200":
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"gunicorn did not answer /healthz: {self.workdir}/gunicorn.log")
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()
        return self

    def warm(self, path: str) -> None:
        """One request per worker (two at once) before measuring: imports, URL resolvers and
        templates are loaded lazily, on a worker's first request."""
        probes = [
            subprocess.Popen(
                ["curl", "-s", "-o", "/dev/null", "--max-time", "35", self.base + path],
            )
            for _ in range(2)
        ]
        for probe in probes:
            probe.wait()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            sizes = [vm_hwm_mb(pid) for pid in worker_pids(self.process.pid)]
            self.peak_mb = max([self.peak_mb, *(x for x in sizes if x)])

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        text = (self.workdir / "gunicorn.log").read_text(errors="replace")
        self.worker_timeouts = text.count("WORKER TIMEOUT")
        shutil.rmtree(self.workdir, ignore_errors=True)


def load_run(database: str, s: Samples) -> tuple[list[dict], float | None]:
    """Each target on a fresh gunicorn, so one target's backlog (requests still queued when wrk
    stops) never falls on the next, and each gets its own workers' peak RSS."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("  load run skipped: wrk not found (apt-get install -y wrk)", flush=True)
        return [], None
    targets = [
        ("deliverables API, page_size=100", "/api/v1/deliverables/?page_size=100"),
        ("matrix of one study group", f"/matrix/?study_group={s.sg.code}"),
        ("calendar, all", "/calendar.ics"),
        ("healthz", "/healthz"),
    ]
    results, peak = [], 0.0
    for name, path in targets:
        print(f"  load: {name} ({ARGS.load_seconds} s)", flush=True)
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script, Server(database) as server:
            script.write(WRK_SCRIPT)
            script.flush()
            server.warm(path)
            out = subprocess.run(
                [
                    wrk,
                    "-t1",
                    f"-c{ARGS.load_connections}",
                    f"-d{ARGS.load_seconds}s",
                    "--timeout",
                    "35s",
                    "-s",
                    script.name,
                    server.base + path,
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=ARGS.load_seconds + 120,
            )
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            results.append({"name": name, "path": path, "error": out.stdout + out.stderr})
            continue
        figures = json.loads(line[len("RESULT ") :])
        errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
        peak = max(peak, server.peak_mb)
        answered = figures["requests"]
        results.append(
            {
                "name": name,
                "path": path,
                "rps": answered / figures["seconds"],
                "requests": answered,
                "p50_ms": figures["p50"] / 1000 if answered else None,
                "p90_ms": figures["p90"] / 1000 if answered else None,
                "p95_ms": figures["p95"] / 1000 if answered else None,
                "p99_ms": figures["p99"] / 1000 if answered else None,
                "max_ms": figures["max"] / 1000 if answered else None,
                "errors": errors,
                "non_2xx": figures["status"],
                "timeouts": figures["timeout"],
                "worker_timeouts": server.worker_timeouts,
                "worker_peak_rss_mb": server.peak_mb,
            }
        )
    return results, peak or None


# --- printing -------------------------------------------------------------------------------


def fmt(value, digits: int = 0) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def print_size(report: SizeReport) -> None:
    print(
        f"\n## Scale {report.scale:g} (generated in {report.build_seconds:.0f} s; machine load "
        f"{report.load_average} when measuring began)\n"
    )
    print("| table | rows |\n|---|---:|")
    for table, count in report.counts.items():
        print(f"| {table} | {count:,} |")
    print(
        "\n| section | request | status | runs | median ms | p95 ms | queries | bytes "
        "| floor median ms | floor p95 ms | API / floor | floor = API? | note |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in report.results:
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else "—"
        print(
            f"| {r.section} | {r.name} | {r.status} | {r.runs} | {fmt(r.median_ms, 1)} "
            f"| {fmt(r.p95_ms, 1)} | {fmt(r.queries)} | {fmt(r.bytes)} "
            f"| {fmt(r.floor_median_ms, 1)} | {fmt(r.floor_p95_ms, 1)} | {ratio} "
            f"| {r.floor_check or '—'} | {r.note} |"
        )
    diffs = [r for r in report.results if r.floor_diff]
    for r in diffs:
        print(f"\nfloor ({r.floor_check}) for {r.name}: first difference {r.floor_diff}")
    if report.load:
        print(
            f"\n| load: gunicorn 2 workers, wrk {ARGS.load_connections} connections "
            f"{ARGS.load_seconds} s | req/s | answered | p50 ms | p90 ms | p95 ms | p99 ms | max ms "
            "| errors | workers killed (timeout) | worker peak RSS MB |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for x in report.load:
            if "error" in x:
                print(f"| {x['name']} | wrk failed: {x['error'][:80]!r} |")
                continue
            print(
                f"| {x['name']} | {x['rps']:.1f} | {x['requests']:,} | {fmt(x['p50_ms'])} "
                f"| {fmt(x['p90_ms'])} | {fmt(x['p95_ms'])} | {fmt(x['p99_ms'])} "
                f"| {fmt(x['max_ms'])} | {x['errors']} | {x['worker_timeouts']} "
                f"| {fmt(x['worker_peak_rss_mb'], 0)} |"
            )


def pair(a, b, digits: int = 0) -> str:
    return f"{fmt(a, digits)} / {fmt(b, digits)}"


def print_growth(reports: list[SizeReport]) -> None:
    """Both sizes side by side, row by row (the rows are matched by position within their
    section: the sample records, hence the URLs, differ between the sizes)."""
    if len(reports) < 2:
        return
    small, large = reports[0], reports[-1]
    a, b = f"{small.scale:g}×", f"{large.scale:g}×"
    print(f"\n## Scale {b} against scale {a}\n")
    print(
        f"| section | request ({b}) | median ms {a} / {b} | p95 ms {a} / {b} | growth "
        f"| queries {a} / {b} | bytes {a} / {b} | floor median ms {a} / {b} "
        f"| API / floor {a} / {b} | floor = API? | note ({b}) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in large.results:
        same_section = [x for x in large.results if x.section == r.section]
        candidates = [x for x in small.results if x.section == r.section]
        index = same_section.index(r)
        s = candidates[index] if index < len(candidates) else Result(r.section, "", "")
        growth = f"{r.median_ms / s.median_ms:.1f}×" if r.median_ms and s.median_ms else "—"
        ratios = " / ".join(f"{x.ratio:.1f}×" if x.ratio else "—" for x in (s, r))
        checks = " / ".join(dict.fromkeys(x.floor_check or "—" for x in (s, r)))
        note = r.note if r.status in ("200", "ok") else f"{r.status} {r.note}".strip()
        print(
            f"| {r.section} | {r.name} | {pair(s.median_ms, r.median_ms, 1)} "
            f"| {pair(s.p95_ms, r.p95_ms, 1)} | {growth} | {pair(s.queries, r.queries)} "
            f"| {pair(s.bytes, r.bytes)} | {pair(s.floor_median_ms, r.floor_median_ms, 1)} "
            f"| {ratios} | {checks} | {note} |"
        )


def reprint(path: Path) -> None:
    """--report: the tables again from a --json file, without measuring."""
    reports = []
    for data in json.loads(path.read_text()):
        results = [Result(**x) for x in data.pop("results")]
        reports.append(SizeReport(**data, results=results))
    for report in reports:
        print_size(report)
    print_growth(reports)


def main() -> None:
    if ARGS.report:
        reprint(ARGS.report)
        return
    # The sweep logs every reminder nobody can receive (thousands at 10×): not the benchmark's.
    logging.getLogger("reminders").setLevel(logging.CRITICAL)
    sizes = [float(x) for x in ARGS.sizes.split(",") if x.strip()]
    postgres = connection.pg_version // 10000
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reports = []
    try:
        for scale in sizes:
            print(f"# scale {scale:g}: building", flush=True)
            database, seconds, counts = build(scale)
            report = SizeReport(scale, seconds, counts)
            report.load_average = "/".join(f"{x:.1f}" for x in os.getloadavg())
            samples = pick_samples()
            floors.use_action_sort_key()
            superuser = get_user_model().objects.filter(username="bench-admin").first()
            superuser = superuser or get_user_model().objects.create_superuser(
                "bench-admin", "bench@example.org", "bench-password-not-secret"
            )
            clients = {"": Client(), "user": Client(), "admin": Client()}
            clients["user"].force_login(samples.subscriber)
            clients["admin"].force_login(superuser)
            rows = selected(
                api_rows(samples) + page_rows(samples) + admin_rows(superuser) + sweep_rows(samples)
            )
            print(f"# scale {scale:g}: measuring {len(rows)} rows", flush=True)
            for row in rows:
                result = measure(row, clients)
                report.results.append(result)
                ratio = f" floor {result.ratio:.1f}×" if result.ratio else ""
                print(
                    f"  {row.section:10} {row.name[:70]:70} {result.status:>7} "
                    f"{fmt(result.median_ms, 1):>10} ms{ratio} {result.note}",
                    flush=True,
                )
            if not ARGS.skip_load:
                report.load, report.worker_peak_rss_mb = load_run(database, samples)
            reports.append(report)
            print_size(report)
            if not ARGS.keep:
                drop(database)
    finally:
        SERVICES.stop()
    print(
        f"\nMachine: {os.cpu_count()} CPUs (shared), PostgreSQL {postgres}, "
        f"repeat {ARGS.repeat}, row budget {ARGS.row_budget:.0f} s, request timeout "
        f"{ARGS.timeout:.0f} s."
    )
    for report in reports:
        print_size(report)
    print_growth(reports)
    if ARGS.json:
        ARGS.json.write_text(json.dumps([asdict(r) for r in reports], indent=1, default=str))


if __name__ == "__main__":
    main()

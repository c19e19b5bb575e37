"""Benchmark: importing the deliverables of the 1× data set (ITU-T's size: the demo data plus
`generate_scale_data --scale 1`, about 2,000 deliverables with their distribution) from a
spreadsheet, as `import_records deliverables FILE` does.

Run on demand, not part of the test suite:

    .venv/bin/python bench/import_deliverables.py [--repeat 3] [--scale 1]

Uses the PostgreSQL server of DATABASE_URL when set, else starts its own with
core/testing/services.py, in a throw-away database `bench_import_<scale>` (dropped at the end).
Prints, median of --repeat runs, the time and SQL queries of: exporting the deliverables (CSV,
XLSX); reading the exported file (the floor: no database); a dry run of it (0 changes); a real
import of it (0 changes, nothing written); and a real import where every row changes (every
title, and the distribution of one row in ten), rolled back after each run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standards_tracker.settings")
os.environ.setdefault("DEBUG", "on")

from core.testing.services import SERVICES, start_postgres  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = start_postgres()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from core.spreadsheets import (  # noqa: E402
    csv_chunks,
    import_dataset,
    read_dataset,
    spreadsheet_kinds,
    xlsx_file,
)
from deliverables.models import Deliverable, Distribution  # noqa: E402
from portal.scale_data import generate  # noqa: E402
from tests.spreadsheets import csv_bytes  # noqa: E402


def use_database(name: str) -> None:
    for alias in connections:
        connections[alias].close()
    connection.settings_dict["NAME"] = name


def measure(action: Callable[[], object], repeat: int, rollback: bool = False) -> tuple[float, int]:
    """Median milliseconds and the query count of `action` (rolled back after each run)."""
    times, queries = [], 0
    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    for _ in range(repeat):
        counted[0] = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            if rollback:
                with transaction.atomic():
                    action()
                    transaction.set_rollback(True)
            else:
                action()
            times.append((time.perf_counter() - started) * 1000)
        queries = counted[0]
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    admin_db = connection.settings_dict["NAME"]
    name = f"bench_import_{str(args.scale).replace('.', '_')}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        use_database(name)
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("load_seed_data", verbosity=0)
        generate(args.scale)
        print(f"built in {time.monotonic() - started:.0f} s", flush=True)
        run(args.repeat)
    finally:
        use_database(admin_db)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        SERVICES.stop()


def run(repeat: int) -> None:
    resource = spreadsheet_kinds.resource("deliverables")
    deliverables = Deliverable.objects.all()
    rows, lines = deliverables.count(), Distribution.objects.count()
    exported = "".join(csv_chunks(resource, deliverables)).encode("utf-8")
    dataset = read_dataset(exported)
    headers = list(dataset.headers)
    title, distribution = headers.index("title"), headers.index("distribution")
    changed_rows = []
    for number, row in enumerate(dataset):
        row = list(row)
        row[title] = f"{row[title]} (revised)"
        if number % 10 == 0:
            row[distribution] = "all SGs for information"
        changed_rows.append(row)
    changed = csv_bytes(headers, changed_rows)

    def importing(data: bytes, dry_run: bool) -> Callable[[], object]:
        def go() -> object:
            outcome = import_dataset(
                "deliverables", read_dataset(data), dry_run=dry_run, file_name="bench.csv"
            )
            assert not outcome.errors, outcome.errors[:3]
            return outcome

        return go

    table = [
        ("export CSV", lambda: exported == "".join(csv_chunks(resource, deliverables)), False),
        ("export XLSX", lambda: xlsx_file(resource, deliverables).close(), False),
        ("read the file only (floor)", lambda: read_dataset(exported), False),
        ("dry run, nothing changes", importing(exported, True), False),
        ("import, nothing changes", importing(exported, False), True),
        ("dry run, every row changes", importing(changed, True), False),
        ("import, every row changes", importing(changed, False), True),
    ]
    print(f"\n{rows:,} deliverables, {lines:,} distribution lines, median of {repeat}\n")
    print("| operation | time (ms) | queries | ms per row |")
    print("|---|---:|---:|---:|")
    for label, action, rollback in table:
        ms, queries = measure(action, repeat, rollback)
        print(f"| {label} | {ms:,.0f} | {queries:,} | {ms / rows:.2f} |", flush=True)


if __name__ == "__main__":
    main()

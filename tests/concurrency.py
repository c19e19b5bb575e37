"""Two writers at once, each in its own thread with its own database connection and transaction.

`race(first, second)` runs `first` in a transaction and, once it has written, `second` in
another, and lets `first` commit only when `second` is blocked waiting for a lock (or has written
too): the moment a rule checked by reading the table would let both through, each seeing the
table without the other's uncommitted row.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import DatabaseError, connection, transaction

Outcome = str | DatabaseError


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def race(first: Callable[[], None], second: Callable[[], None]) -> list[Outcome]:
    """The outcome of each writer: "committed", or the database error that stopped it."""
    first_wrote, second_wrote = threading.Event(), threading.Event()
    outcomes: list[Outcome] = ["not run", "not run"]

    def run_first() -> None:
        try:
            with transaction.atomic():
                first()
                first_wrote.set()
                deadline = time.monotonic() + 10
                while not second_wrote.is_set() and time.monotonic() < deadline:
                    if _someone_waits_for_a_lock():
                        break
                    time.sleep(0.02)
            outcomes[0] = "committed"
        except DatabaseError as error:
            outcomes[0] = error
        finally:
            first_wrote.set()
            connection.close()

    def run_second() -> None:
        first_wrote.wait(10)
        try:
            with transaction.atomic():
                second()
                second_wrote.set()
            outcomes[1] = "committed"
        except DatabaseError as error:
            outcomes[1] = error
        finally:
            second_wrote.set()
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes

"""`manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]`: the daily sweep, run now."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reminders.emails import format_day
from reminders.sweep import (
    ALREADY_RECORDED,
    ALREADY_SENT,
    FAILED,
    IN_PROGRESS,
    NEW,
    RETRY,
    SENT,
    UNDELIVERABLE,
    Delivery,
    SweepResult,
    sweep,
)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r}: use YYYY-MM-DD, e.g. 2024-02-05.") from None


def _lead(days: int) -> str:
    if days > 0:
        return f"lead time {days} day{'s' if days != 1 else ''}"
    if days == 0:
        return "on the day"
    return f"{-days} days after"


class Command(BaseCommand):
    help = (
        "Run the reminder sweep now, in this process (no worker or broker needed): send each "
        "recipient one digest of the deadlines due today. --dry-run prints every reminder it "
        "would send, with its deadline and recipients, and sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")
        parser.add_argument(
            "--date",
            type=_day,
            default=None,
            help="Sweep as on this day (YYYY-MM-DD); today in REMINDER_TIME_ZONE by default.",
        )

    def handle(self, *args, dry_run: bool = False, date: dt.date | None = None, **options):
        result = sweep(date, dry_run=dry_run)
        self._print(result)
        if result.failed:
            raise CommandError(
                f"{result.failed} reminder(s) were not accepted by the mail server; they are "
                "marked failed and the next sweep retries them."
            )

    def _print(self, result: SweepResult) -> None:
        mode = " (dry run: nothing is sent)" if result.dry_run else ""
        self.stdout.write(f"Reminder sweep for {format_day(result.on)}{mode}")
        by_reminder: dict[int, list[Delivery]] = {}
        for delivery in result.deliveries:
            by_reminder.setdefault(id(delivery.reminder), []).append(delivery)
        would = {NEW, RETRY} if result.dry_run else {SENT, FAILED}
        shown = 0
        for reminder in sorted(result.reminders, key=lambda r: (r.deadline, r.what, r.title)):
            deliveries = by_reminder.get(id(reminder), [])
            if not any(d.status in would | {UNDELIVERABLE} for d in deliveries):
                continue
            shown += 1
            self.stdout.write(
                f"\n- {reminder.what} {format_day(reminder.deadline)} ({reminder.when(result.on)}, "
                f"{_lead(reminder.lead_days)}, {reminder.time_zone}): {reminder.title}"
            )
            if deliveries:
                self.stdout.write(f"  {deliveries[0].url}")
            self._recipients(deliveries, result.dry_run)
        if not shown:
            self.stdout.write("\nNothing to send.")
        counts = {
            status: result.count(status)
            for status in (
                NEW,
                RETRY,
                SENT,
                FAILED,
                ALREADY_SENT,
                IN_PROGRESS,
                UNDELIVERABLE,
                ALREADY_RECORDED,
            )
        }
        summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        if result.dry_run:
            digests = {
                (d.email, d.nobody_reachable) for d in result.deliveries if d.status in (NEW, RETRY)
            }
            sending = f"{len(digests)} digest(s) would be sent"
        else:
            sending = f"{result.messages} digest(s) sent"
        self.stdout.write(
            f"\n{len(result.reminders)} reminder(s) due; {summary or 'nothing to do'}; {sending}."
        )
        for error in result.errors:
            self.stderr.write(f"error: {error}")

    def _recipients(self, deliveries: list[Delivery], dry_run: bool) -> None:
        direct = [d for d in deliveries if not d.nobody_reachable]
        if direct:
            for delivery in direct:
                name = f"{delivery.name} <{delivery.email}>" if delivery.name else delivery.email
                self.stdout.write(
                    f"  → {name} ({'; '.join(map(str, delivery.reasons))}) [{delivery.status}]"
                )
            return
        missing = next((d.missing for d in deliveries), [])
        self.stdout.write(
            "  → nobody reachable: " + ("; ".join(map(str, missing)) or "no recipient")
        )
        for delivery in deliveries:
            if delivery.email:
                self.stdout.write(
                    f"  → reported to the secretariat: {delivery.email} [{delivery.status}]"
                )
            else:
                self.stdout.write("  → no secretariat address either: recorded as undeliverable")

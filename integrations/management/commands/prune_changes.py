"""Deletes old rows of the change log (integrations.changes.prune_changes); run daily by beat."""

import datetime as dt
import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integrations.changes import MIN_RETENTION, prunable_changes, prune_changes

DAYS = re.compile(r"^(\d+)d?$")


def parse_days(value: str) -> dt.timedelta:
    match = DAYS.match(value.strip())
    if match is None:
        raise CommandError(f"--older-than takes days, as 90d or 90, not “{value}”.")
    return dt.timedelta(days=int(match.group(1)))


class Command(BaseCommand):
    help = (
        "Delete the change log's entries (/api/v1/changes/) older than a number of days, in "
        "batches; entries a webhook has still to deliver are kept. A tool reading the feed "
        "must ask again within that many days to miss nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            help="days, as 90d or 90 (default: CHANGES_RETENTION_DAYS, "
            f"{settings.CHANGES_RETENTION_DAYS}); at least {MIN_RETENTION.days}",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, older_than, dry_run, **options):
        age = (
            parse_days(older_than)
            if older_than
            else dt.timedelta(days=settings.CHANGES_RETENTION_DAYS)
        )
        if age < MIN_RETENTION:
            raise CommandError(f"--older-than must be at least {MIN_RETENTION.days}d.")
        if dry_run:
            count = prunable_changes(age).count()
            self.stdout.write(f"{count} changes older than {age.days} days would be deleted.")
            return
        count = prune_changes(age)
        self.stdout.write(f"{count} changes older than {age.days} days deleted.")

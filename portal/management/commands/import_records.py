import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.spreadsheets import SpreadsheetError, import_dataset, read_dataset, spreadsheet_kinds


class Command(BaseCommand):
    help = (
        "Read a CSV (UTF-8 with or without a BOM, or Windows-1252; comma or semicolon "
        "separated) or XLSX file of records of a kind (the API's name: deliverables, groups, "
        "meetings…) matched by their codes, all or nothing: on any error nothing is written, "
        "each error is printed as row, column, value and rule, and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join(spreadsheet_kinds.names())}")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--user", help="the username the history names (default: none, your login in words)"
        )

    def handle(self, *args, kind, file, dry_run, user, **options):
        path = Path(file)
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user is called “{user}”.")
        try:
            dataset = read_dataset(path.read_bytes())
            outcome = import_dataset(
                kind,
                dataset,
                dry_run=dry_run,
                file_name=path.name,
                user=account,
                by=f"{getpass.getuser()} (command line)",
            )
        except (OSError, SpreadsheetError) as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{number} {what}" for what, number in outcome.counts.items())
        if outcome.errors:
            for line in outcome.errors:
                self.stderr.write(line)
            raise CommandError(f"Nothing imported ({counts}).")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {kind}: {counts}."))

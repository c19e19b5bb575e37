import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.spreadsheets import FORMATS, SpreadsheetError, csv_chunks, spreadsheet_kinds, xlsx_file


class Command(BaseCommand):
    help = (
        "Write every record of a kind (the API's name: deliverables, groups, meetings…) as CSV "
        "(UTF-8 with a BOM) or XLSX, in the order the admin lists them, to standard output or "
        "a file. What it writes, import_records reads back unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join(spreadsheet_kinds.names())}")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", help="a file to write (default: standard output)")

    def handle(self, *args, kind, format, output, **options):
        try:
            resource = spreadsheet_kinds.resource(kind)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None
        queryset = resource.get_queryset().model._default_manager.all()
        if format == "csv":
            if output:
                with open(output, "w", encoding="utf-8", newline="") as target:
                    target.writelines(csv_chunks(resource, queryset))
            else:
                for chunk in csv_chunks(resource, queryset):
                    self.stdout.write(chunk, ending="")
            return
        spool = xlsx_file(resource, queryset, base_url=settings.SITE_URL)
        if output:
            with open(output, "wb") as target:
                shutil.copyfileobj(spool, target)
        else:
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.buffer.flush()

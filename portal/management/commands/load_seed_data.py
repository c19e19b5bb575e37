from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.seed import SeedDataError, SeedFile, SeedReport

# Layer order: each app's data may refer to the apps before it.
SEED_APPS = ("deliverables", "meetings", "liaisons", "workitems")


class Command(BaseCommand):
    help = (
        "Load the demo data set (TSAG TD315 and the related event pages) from the structured "
        "files in each app's seed/ folder. Idempotent: a second run changes nothing. A file that "
        "says something the loader cannot store (an unknown key, a value the model refuses) "
        "changes nothing: every problem is listed as file, record, field and message."
    )

    def handle(self, *args, **options):
        report = SeedReport()
        modules = [import_module(f"{app}.seed") for app in SEED_APPS]
        try:
            # Every file's keys first, so that all of them are reported together; then the load,
            # whose values each file's loader checks against the records of the files before it.
            problems = []
            for module in modules:
                try:
                    SeedFile(module.data_file()).read(module.SECTIONS)
                except SeedDataError as error:
                    problems += error.problems
            if problems:
                raise SeedDataError(problems)
            with transaction.atomic():
                for module in modules:
                    module.load(report)
        except SeedDataError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in the seed data; nothing was changed."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS("Seed data loaded.") if report.changed else "Nothing to change."
        )

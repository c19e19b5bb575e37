from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core.seed import SeedReport

# Layer order: each app's data may refer to the apps before it.
SEED_APPS = ("deliverables", "meetings", "liaisons", "workitems")


class Command(BaseCommand):
    help = (
        "Load the demo data set (TSAG TD315 and the related event pages) from the structured "
        "files in each app's seed/ folder. Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        report = SeedReport()
        with transaction.atomic():
            for app in SEED_APPS:
                module = import_module(f"{app}.seed")
                loader = getattr(module, "load", None)
                if loader is not None:
                    loader(report)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS("Seed data loaded.") if report.changed else "Nothing to change."
        )

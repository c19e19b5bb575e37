import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from portal.scale_data import generate, table_counts


class Command(BaseCommand):
    help = (
        "Add a synthetic work programme for measuring: --scale 1 is ITU-T's size (ten study "
        "periods, 2,000 deliverables, 10,000 documents and action items…), --scale 10 ten times "
        "it. Deterministic for a seed and a day; runs on top of the demo data (load_seed_data), "
        "once per database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, required=True, help="1 = ITU-T's size; 10 = ten times it."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day the work programme is built around (YYYY-MM-DD; default today).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        started = time.monotonic()
        log = self.stdout.write if options["verbosity"] > 1 else None
        try:
            counts = generate(
                scale,
                seed=options["seed"],
                today=options["today"],
                batch_size=options["batch_size"],
                log=log,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count:,} created")
        if options["verbosity"] > 1:
            for table, count in table_counts().items():
                self.stdout.write(f"{table}: {count:,} rows in all")
        self.stdout.write(
            self.style.SUCCESS(f"Scale {scale:g} generated in {time.monotonic() - started:.1f} s.")
        )

"""Repair the OAI-PMH records from the live public pages, with a progress bar."""

import time

from django.core.management.base import BaseCommand

from scientix.core.imports import ProgressBar
from scientix.oai import services


class Command(BaseCommand):
    help = ("Bring the OAI-PMH records in step with the live public pages: create missing ones, "
            "mark vanished items deleted, fix sets. Fixed records get a new datestamp.")

    def add_arguments(self, parser):
        parser.add_argument("--touch", action="store_true",
                            help="give every record a new datestamp (harvesters fetch everything again)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, touch: bool, no_progress: bool, **options):
        started = time.monotonic()
        bar = ProgressBar(total=services.public_item_count(), stdout=None if no_progress else self.stdout)
        counts = services.oai_records_rebuild(touch=touch, progress=bar.advance)
        bar.finish()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"OAI-PMH records: {summary} in {time.monotonic() - started:.1f} s.")

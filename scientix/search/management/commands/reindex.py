"""Rebuild the search index from the live pages, with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError

from scientix.core.imports import ProgressBar
from scientix.search import registry, services


class Command(BaseCommand):
    help = "Rebuild the search index (all kinds, or those named) from the live pages."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help=f"kinds to rebuild (default all: {', '.join(registry.KINDS)})")

    def handle(self, *args, kinds, **options):
        unknown = [kind for kind in kinds if kind not in registry.KINDS]
        if unknown:
            raise CommandError(f"unknown kind {unknown[0]!r}; known: {', '.join(registry.KINDS)}")
        started = time.monotonic()
        bar = ProgressBar(total=services.live_page_count(kinds=kinds or None), stdout=self.stdout)
        count = services.index_rebuild(kinds=kinds or None, progress=bar.advance)
        bar.finish()
        self.stdout.write(f"Indexed {count} documents in {time.monotonic() - started:.1f} s.")

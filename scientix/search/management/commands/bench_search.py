"""Benchmark the search layer against the bare engine on the database the settings point at.

``make bench`` runs it once per backend (each in its own process, so peak
memory is per backend), then ``--report`` to print both. See
``scientix.search.bench`` for what is generated and measured, and why.
"""

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from scientix.core.imports import ProgressBar
from scientix.search import bench, registry, services
from scientix.search.models import SearchDocument

DEFAULT_OUTPUT = Path("var") / "bench" / "search.json"


class Command(BaseCommand):
    help = ("Generate a seeded corpus of resources (kept while seed and size match), time a fixed query mix through "
            "the search layer and directly on the engine, and merge the figures into a JSON file.")

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000, help="corpus size (default 100000)")
        parser.add_argument("--seed", type=int, default=2026, help="seed of the corpus and the queries (default 2026)")
        parser.add_argument("--rounds", type=int, default=5, help="timed passes over the query mix (default 5)")
        parser.add_argument("--warmup", type=int, default=3, help="untimed passes first (default 3)")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT),
                            help=f"JSON file, relative to the project (default {DEFAULT_OUTPUT})")
        parser.add_argument("--regenerate", action="store_true", help="rebuild the corpus even if it is current")
        parser.add_argument("--report", action="store_true", help="only print the table of the JSON file")

    def handle(self, *args, documents, seed, rounds, warmup, output, regenerate, report, verbosity, **options):
        path = Path(output)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        if report:
            if not path.exists():
                raise CommandError(f"{path} does not exist: run the benchmark first")
            self.stdout.write(bench.table(json.loads(path.read_text(encoding="utf-8"))))
            return
        if documents < 2 or rounds < 1:
            raise CommandError("--documents must be at least 2 and --rounds at least 1")
        if "resource" not in registry.KINDS:
            raise CommandError("the resource kind is not registered with the search registry")
        backend = connection.vendor
        self.stdout.write(f"Search benchmark on {backend} ({connection.settings_dict['NAME']}), "
                          f"{documents} documents, seed {seed}.")

        word_pools = bench.pools(seed)
        generation_s = None
        if not regenerate and bench.corpus_is_current(word_pools, seed, documents):
            self.stdout.write("Corpus already in place (count, id range and titles match): not regenerated.")
        else:
            generation_s = self._generate(word_pools, seed, documents)

        queries = bench.query_mix(word_pools, seed, documents)
        self.stdout.write(f"Timing {len(queries)} queries: {warmup} warm-up + {rounds} timed rounds...")
        started = time.monotonic()
        log = self.stdout.write if verbosity >= 2 else None
        measured = bench.measure(queries, rounds=rounds, warmup=warmup, log=log)
        self.stdout.write(f"Queries timed in {time.monotonic() - started:.1f} s.")
        if verbosity >= 2:
            self.stdout.write(f"{'kind':<13} {'p50 ms':>8} {'engine':>8} {'matches':>8}  query")
            for line in bench.query_lines(measured):
                self.stdout.write(line)

        figures = bench.summary(measured, documents=documents, generation_s=generation_s, seed=seed, rounds=rounds)
        results = self._merge(path, backend, figures)
        self.stdout.write(bench.table({backend: figures}))
        for kind, row in figures.items():
            slowest = row["slowest_query"]
            self.stdout.write(f"  slowest {kind}: {slowest['query']}  p50 {slowest['p50_ms']} ms "
                              f"(engine {slowest['engine_p50_ms']} ms), {slowest['matches']} matches")
        self.stdout.write(f"Peak memory {bench.peak_memory_mb():.0f} MB. Figures written to {path} "
                          f"(backends: {', '.join(sorted(results))}).")

    def _generate(self, word_pools, seed: int, documents: int) -> float:
        started = time.monotonic()
        # One DELETE statement (the engine's triggers/generated column follow): QuerySet.delete()
        # would load every row, since a post_delete receiver without sender disables fast deletes.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table} WHERE kind = %s", ["resource"])
                deleted = cursor.rowcount
            services.index_changed()
        if deleted:
            self.stdout.write(f"Removed {deleted} resource documents of another corpus.")
        self.stdout.write(f"Generating {documents} documents in {len(bench.LANGUAGES)} languages...")
        bar = ProgressBar(total=documents, stdout=self.stdout)
        stored = services.documents_store(bench.corpus(word_pools, seed, documents), progress=bar.advance)
        bar.finish()
        stored_s = time.monotonic() - started
        bench.engine_tidy()
        generation_s = time.monotonic() - started
        self.stdout.write(f"Generated and indexed {stored} documents in {stored_s:.1f} s, "
                          f"engine optimize/analyze {generation_s - stored_s:.1f} s.")
        return generation_s

    def _merge(self, path: Path, backend: str, figures: dict) -> dict:
        """Replace this backend's entry in the JSON file, keeping the others'."""
        path.parent.mkdir(parents=True, exist_ok=True)
        results = {}
        if path.exists():
            try:
                results = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                self.stderr.write(f"{path} was not valid JSON: starting it afresh.")
            if not isinstance(results, dict):
                results = {}
        results[backend] = figures
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        temporary.replace(path)
        return results

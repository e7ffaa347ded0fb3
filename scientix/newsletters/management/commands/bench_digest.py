"""Benchmark a digest run: N generated subscribers, a few hundred new items, every mail built and recorded.

Runs the same code the background tasks run (``services.issue_batch_send``
per batch) in this process, into ``bench.CountingBackend``, so the figures
are: choosing each subscriber's items, rendering, MIME building and the
claim/sent records. Subscribers are read in batches: memory must stay flat
(RSS is sampled along the run). The generated rows are removed at the end.
"""

import json
import random
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from scientix.languages import LANGUAGE_CODES
from scientix.newsletters import bench, services
from scientix.newsletters.models import Delivery, Issue, Subscription, new_token
from scientix.search.models import SearchDocument

DEFAULT_OUTPUT = Path("var") / "bench" / "digest.json"
BENCH_DOMAIN = "bench.invalid"
OBJECT_IDS = 9_000_000_000  # generated items' object ids start here (clear of real pages)
NOW = datetime(2099, 1, 7, 8, 0, tzinfo=timezone.get_fixed_timezone(0))  # a fixed week nobody publishes in
SUBJECTS = ["mathematics", "algebra", "geometry", "physics", "mechanics", "optics", "chemistry", "biology",
            "ecology", "astronomy", "computer-science", "engineering", "earth-sciences", "technology"]


class Command(BaseCommand):
    help = "Time a digest run to N generated subscribers (default 100000) and write the figures to JSON."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=100_000)
        parser.add_argument("--items", type=int, default=400, help="items published in the week (default 400)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
        parser.add_argument("--keep", action="store_true", help="keep the generated rows")
        parser.add_argument("--serialise", action="store_true",
                            help="also flatten every message to MIME bytes (what an SMTP backend does)")

    def handle(self, *args, subscribers, items, seed, output, keep, serialise, **options):
        if subscribers < 1 or items < 1:
            raise CommandError("--subscribers and --items must be positive")
        path = Path(output) if Path(output).is_absolute() else Path(settings.BASE_DIR) / output
        self._clean()
        rng = random.Random(seed)
        started = time.monotonic()
        issue = services.digest_issue_ensure(frequency="weekly", now=NOW)
        Issue.objects.filter(pk=issue.pk).update(key=f"bench-{issue.key}")
        issue.refresh_from_db()
        self._items(rng, items, issue)
        self._subscribers(rng, subscribers, issue)
        generated_s = time.monotonic() - started
        self.stdout.write(f"Generated {subscribers} subscribers and {items} items in {generated_s:.1f} s.")

        bench.CountingBackend.messages = bench.CountingBackend.bytes = 0
        bench.CountingBackend.serialise = serialise
        rss_before = bench.rss_mb()
        samples = []
        with override_settings(EMAIL_BACKEND="scientix.newsletters.bench.CountingBackend", NEWSLETTER_SEND_RATE=0):
            batches = list(services.issue_batches(issue=issue))
            Issue.objects.filter(pk=issue.pk).update(batches_total=len(batches))
            totals = {"sent": 0, "failed": 0, "skipped": 0}
            run_started = time.monotonic()
            for number, (first, last) in enumerate(batches, 1):
                counts = services.issue_batch_send(issue_id=issue.pk, first_pk=first, last_pk=last, now=NOW)
                for key in totals:
                    totals[key] += counts[key]
                if number % max(1, len(batches) // 10) == 0 or number == len(batches):
                    samples.append({"batch": number, "rss_mb": round(bench.rss_mb(), 1)})
                    self.stdout.write(f"batch {number}/{len(batches)}, {totals['sent']} mails, "
                                      f"{time.monotonic() - run_started:.0f} s, RSS {samples[-1]['rss_mb']:.0f} MB")
            seconds = time.monotonic() - run_started
        recorded = Delivery.objects.filter(issue=issue, status="sent").count()
        figures = {
            "backend": connection.vendor, "subscribers": subscribers, "items": items, "seed": seed,
            "batches": len(batches), "batch_size": settings.NEWSLETTER_BATCH_SIZE,
            "mails": totals["sent"], "no_digest": totals["skipped"], "failed": totals["failed"],
            "deliveries_recorded": recorded, "megabytes": round(bench.CountingBackend.bytes / 2**20, 1),
            "serialised_to_bytes": serialise,
            "seconds": round(seconds, 1), "mails_per_second": round(totals["sent"] / seconds, 1) if seconds else None,
            "generation_seconds": round(generated_s, 1),
            "rss_mb_before_run": round(rss_before, 1), "rss_mb_during_run": samples,
            "peak_rss_mb": round(bench.peak_rss_mb(), 1),
            "target": "rendered and queued in <= 120 s with flat memory",
            "measured_at": timezone.now().isoformat(timespec="seconds"),
        }
        results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        results[connection.vendor + ("-serialised" if serialise else "")] = figures
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(f"{totals['sent']} digests ({recorded} recorded) to {subscribers} subscribers in "
                          f"{seconds:.1f} s ({figures['mails_per_second']}/s); RSS {rss_before:.0f} MB before, "
                          f"{samples[-1]['rss_mb'] if samples else rss_before:.0f} MB after, peak "
                          f"{figures['peak_rss_mb']:.0f} MB. Written to {path}.")
        if not keep:
            self._clean()

    def _items(self, rng, count, issue):
        rows = []
        for number in range(count):
            language = rng.choice(LANGUAGE_CODES[:12] * 3 + LANGUAGE_CODES)  # some languages publish more
            subjects = rng.sample(SUBJECTS, rng.randint(1, 3))
            published = issue.period_start + timedelta(seconds=rng.randint(0, 7 * 86400 - 1))
            rows.append(SearchDocument(
                kind=rng.choice(["resource", "resource", "project", "event"]), object_id=OBJECT_IDS + number,
                translation_key=uuid.UUID(int=rng.getrandbits(128)), language=language,
                title=f"Bench item {number}: {' '.join(subjects)}", url=f"/{language}/resources/bench-{number}/",
                facet_terms=" ".join(f"_subject={code}" for code in subjects), published_at=published))
        SearchDocument.objects.bulk_create(rows, batch_size=500)

    def _subscribers(self, rng, count, issue):
        consent = services.consent_text_record(language="en")
        since = issue.period_start
        batch = []
        for number in range(count):
            languages = rng.sample(LANGUAGE_CODES, rng.choice([1, 1, 1, 2, 2, 3]))
            topics = rng.sample(SUBJECTS, rng.choice([0, 0, 1, 1, 2, 3]))
            batch.append(Subscription(
                email=f"s{number}@{BENCH_DOMAIN}", languages=languages, topics=topics, frequency="weekly",
                interface_language=languages[0], status="active", consent_version=consent.version,
                consent_text=consent, consented_at=since, confirmed_at=since, last_digest_at=since,
                token=new_token()))
            if len(batch) == 5000:
                Subscription.objects.bulk_create(batch)
                batch.clear()
        if batch:
            Subscription.objects.bulk_create(batch)

    def _clean(self):
        with transaction.atomic():
            # _raw_delete: 100,000 rows without loading them (Wagtail's delete signals would, one by one).
            bench_rows = Subscription.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
            for rows in (Delivery.objects.filter(issue__key__startswith="bench-"),
                         Delivery.objects.filter(subscription__in=bench_rows)):
                rows._raw_delete(rows.db)
            Issue.objects.filter(key__startswith="bench-").delete()
            bench_rows._raw_delete(bench_rows.db)
            documents = SearchDocument.objects.filter(object_id__gte=OBJECT_IDS)
            documents._raw_delete(documents.db)

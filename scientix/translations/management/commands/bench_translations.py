"""Time the editors' translation queue and the figures page with N open requests (default 10,000).

Everything it creates (a resource, five askers, an editor, the requests and their
votes) is made in one transaction that is rolled back at the end, so it runs on any
database, the demo's included. Pages are fetched with Django's test client
(no network), after one warm-up request, and the median of ``--repeat`` is kept.
"""

import json
import statistics
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from scientix.accounts.models import User
from scientix.accounts.services import user_roles_set
from scientix.languages import LANGUAGE_CODES
from scientix.translations.models import TranslationRequest, TranslationVote

DEFAULT_OUTPUT = Path("var") / "bench" / "translations.json"
ASKED_LANGUAGES = [code for code in LANGUAGE_CODES if code != "en"]


class Command(BaseCommand):
    help = "Time the translation queue and figures pages with N open requests; nothing is kept."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))

    def handle(self, *args, requests: int, repeat: int, output: str, **options):
        figures = {"engine": connection.vendor, "requests": requests, "votes": 0}
        with override_settings(ALLOWED_HOSTS=["testserver"]), transaction.atomic():
            editor, askers, resource = self._people_and_resource()
            made = TranslationRequest.objects.bulk_create(
                [TranslationRequest(resource_key=uuid.uuid4(), resource=resource, language=ASKED_LANGUAGES[n % len(ASKED_LANGUAGES)],
                                    vote_count=1 + n % len(askers)) for n in range(requests)],
                batch_size=1000,
            )
            votes = [TranslationVote(request=item, user=askers[k]) for item in made for k in range(item.vote_count)]
            TranslationVote.objects.bulk_create(votes, batch_size=5000)
            figures["votes"] = len(votes)
            client = Client()
            client.force_login(editor)
            for name, url in (("queue", reverse("translations_admin:queue")), ("figures", reverse("translations_admin:figures"))):
                figures[name] = self._time(client, url, repeat)
                self.stdout.write(f"{name}: {figures[name]['median_ms']} ms, {figures[name]['queries']} queries")
            transaction.set_rollback(True)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(json.dumps(figures, indent=2))
        self.stdout.write(f"{requests} requests, {figures['votes']} votes on {connection.vendor}; written to {output}")

    def _people_and_resource(self):
        from scientix.pages.services import locale_tree_ensure
        from scientix.resources.models import ResourceIndexPage, ResourcePage
        from scientix.vocabularies.models import Term

        editor = User.objects.create_user(username="bench-editor", email="bench-editor@bench.invalid")
        user_roles_set(user=editor, role_slugs=["editor"])
        askers = [User.objects.create_user(username=f"bench-asker-{n}", email=f"bench-asker-{n}@bench.invalid")
                  for n in range(5)]
        _home, sections = locale_tree_ensure(language=settings.LANGUAGE_CODE)
        resource = ResourcePage(title="Bench resource", description="Asked for in every language.",
                                link="https://example.org/bench")
        sections[ResourceIndexPage].add_child(instance=resource)
        resource.terms = [Term.objects.get(vocabulary="licence", code="cc-by-4-0")]
        resource.save_revision().publish()
        return editor, askers, resource

    def _time(self, client, url: str, repeat: int) -> dict:
        assert client.get(url).status_code == 200, url  # warm-up (and a check that the page works)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return {"median_ms": round(statistics.median(times), 1), "queries": len(queries.captured_queries)}

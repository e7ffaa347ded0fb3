"""Reads: what is new for a digest, the archive, a subscription's data.

"What is new" comes from the search index (``SearchDocument``): it already
holds every live language version of every registered kind with its
publication time, title, address and subject tokens, so a kind registered by
another app (news, blog...) joins the digests without code here.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from scientix.newsletters.models import Delivery, Issue, Subscription
from scientix.search import registry
from scientix.search.models import SearchDocument

SUBJECT_PREFIX = "_subject="


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    language: str
    title: str
    url: str
    published_at: datetime
    subjects: frozenset = field(default_factory=frozenset)


@dataclass
class Candidates:
    """Everything published in a window, per language, newest first (bounded: see ``candidates_load``)."""

    by_language: dict[str, list[Item]]

    def for_subscription(self, *, languages, topics, since: datetime, limit: int) -> list[Item]:
        wanted = set(topics)
        chosen = [
            item for language in languages for item in self.by_language.get(language, ())
            if item.published_at >= since and (not wanted or wanted & item.subjects)
        ]
        chosen.sort(key=lambda item: (item.published_at, item.id), reverse=True)
        return chosen[:limit]


def period_length(frequency: str) -> timedelta:
    return timedelta(days=31) if frequency == "monthly" else timedelta(days=7)


def candidates_load(*, start: datetime, end: datetime, per_language: int | None = None) -> Candidates:
    """Live items published in [start, end), at most ``per_language`` newest per language.

    One query and a bounded list: a digest run holds this in memory once,
    whatever the number of subscribers.
    """
    per_language = per_language or settings.NEWSLETTER_CANDIDATES_PER_LANGUAGE
    by_language: dict[str, list[Item]] = {}
    rows = (SearchDocument.objects.filter(published_at__gte=start, published_at__lt=end, kind__in=list(registry.KINDS))
            .order_by("-published_at", "-pk")
            .values_list("pk", "kind", "language", "title", "url", "published_at", "facet_terms"))
    for pk, kind, language, title, url, published_at, facet_terms in rows.iterator(chunk_size=2000):
        bucket = by_language.setdefault(language, [])
        if len(bucket) >= per_language:
            continue
        subjects = frozenset(token[len(SUBJECT_PREFIX):] for token in facet_terms.split()
                             if token.startswith(SUBJECT_PREFIX))
        bucket.append(Item(pk, kind, language, title, url, published_at, subjects))
    return Candidates(by_language)


def digest_since(*, subscription: Subscription, issue: Issue) -> datetime:
    """Items published from here on are new to this subscriber (their last digest, else their confirmation)."""
    since = subscription.last_digest_at or subscription.confirmed_at or subscription.consented_at
    earliest = issue.period_end - 2 * period_length(issue.frequency)  # a long pause does not mail a whole year
    return max(since, earliest)


def kind_label(kind: str) -> str:
    registered = registry.KINDS.get(kind)
    return str(registered.label) if registered else kind


def grouped(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """Items by kind, kinds in the order they first appear (newest first)."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    return [(kind_label(kind), members) for kind, members in groups.items()]


def archive_issues():
    """Past issues that someone received, newest first (an issue with nothing to send stays out)."""
    received = Delivery.objects.filter(issue=OuterRef("pk"), status=Delivery.Status.SENT)
    return Issue.objects.filter(Exists(received)).select_related("newsletter").order_by("-created_at")


def issue_web_items(*, issue: Issue, language: str) -> list[Item]:
    """A digest's web version: what was published in its period in the reader's language."""
    start = issue.period_end - period_length(issue.frequency)
    candidates = candidates_load(start=start, end=issue.period_end, per_language=settings.NEWSLETTER_DIGEST_MAX_ITEMS)
    return candidates.by_language.get(language, [])


def subscriptions_export(*, user) -> list[dict]:
    """Personal data export: the subscriptions of this account or of its address."""
    found = Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related("consent_text")
    return [
        {
            "email": s.email, "status": s.status, "languages": s.languages, "topics": s.topics,
            "frequency": s.frequency, "thematic_newsletters": s.thematic,
            "consent": {"version": s.consent_version, "text": s.consent_text.text, "language": s.consent_text.language,
                        "given_at": s.consented_at},
            "confirmed_at": s.confirmed_at, "unsubscribed_at": s.unsubscribed_at,
            "unsubscribe_reason": s.unsubscribe_reason,
            "mails_sent": s.deliveries.filter(status="sent").count(),
        }
        for s in found
    ]

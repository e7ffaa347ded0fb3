"""Writes: subscribing (double opt-in), managing, unsubscribing; issuing and sending mailings.

Sending follows claim-then-send (decision 0012): every recipient of an issue
gets a ``Delivery`` row (unique per issue and subscription) in state
``queued``; one conditional UPDATE moves it to ``sending`` just before the
SMTP conversation, and it becomes ``sent`` right after. Whoever loses the
UPDATE does not send, so two workers or two runs never mail one person twice;
a crash after the claim leaves ``sending``, which is never retried by itself
(the server may have accepted the mail) and is listed for staff.
"""

import logging
import smtplib
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from scientix.core.ratelimit import over_limit
from scientix.newsletters import mail, selectors
from scientix.newsletters.models import ConsentText, Delivery, Issue, Newsletter, Subscription

logger = logging.getLogger(__name__)

CONSENT_VERSION = "2026-11"
CONFIRM_SALT = "scientix.newsletters.confirm"


def consent_wording() -> str:
    """The consent sentence in the active language; its version is CONSENT_VERSION (change both together)."""
    return gettext(
        "I agree that Scientix stores my e-mail address and choices to send me the mails I selected. "
        "I can unsubscribe with one click in every mail, and my data is deleted on request."
    )


def consent_text_record(*, language: str) -> ConsentText:
    with translation.override(language):
        text = consent_wording()
    digest = ConsentText.digest_of(CONSENT_VERSION, language, text)
    found = ConsentText.objects.filter(digest=digest).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return ConsentText.objects.create(version=CONSENT_VERSION, language=language, text=text, digest=digest)
    except IntegrityError:  # recorded by a concurrent request meanwhile
        return ConsentText.objects.get(digest=digest)


# --- Subscribing -------------------------------------------------------------------------------


def confirm_token_make(*, subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"s": subscription.pk, "e": subscription.email.lower()}, compress=True)


def confirm_token_read(token: str) -> Subscription | None:
    """The pending or active subscription a confirmation link names; None if forged, expired or stale."""
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            token, max_age=timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    subscription = Subscription.objects.filter(pk=data.get("s")).first()
    if subscription is None or subscription.email.lower() != data.get("e"):
        return None  # the address changed since: the link belongs to the old one
    return subscription


def _mail_throttled(email: str) -> bool:
    """At most NEWSLETTER_MAILS_PER_ADDRESS confirmation/reminder mails per address and hour (no mail bombing)."""
    return over_limit(f"newsletter-mail:{email.lower()}", limit=settings.NEWSLETTER_MAILS_PER_ADDRESS)


@transaction.atomic
def subscription_request(*, email: str, languages: list[str], topics: list[str], frequency: str, thematic: bool,
                         interface_language: str, user=None) -> None:
    """Someone asks for mails at ``email``: nothing is sent to them but a confirmation until they confirm.

    The outcome is the same to the requester whatever the address's state (no
    enumeration); only the owner of the address learns more, by mail. Choices
    of an address already active are not changed from here: the owner manages
    them from the link in their mail.
    """
    email = email.strip()
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
    consent = consent_text_record(language=interface_language)
    choices = {"languages": languages, "topics": topics, "frequency": frequency, "thematic": thematic,
               "interface_language": interface_language, "consent_version": consent.version,
               "consent_text": consent, "consented_at": now}
    if subscription is None:
        subscription = Subscription.objects.create(email=email, user=user, status=Subscription.Status.PENDING,
                                                   **choices)
        template = "confirm"
    elif subscription.status == Subscription.Status.ACTIVE:
        template = "already_subscribed"
    else:
        for name, value in choices.items():
            setattr(subscription, name, value)
        subscription.status = Subscription.Status.PENDING
        subscription.user = subscription.user or user
        subscription.save()
        template = "confirm"
    if _mail_throttled(email):
        return
    pk = subscription.pk
    transaction.on_commit(lambda: _send_notice(subscription_id=pk, template=template))


def _send_notice(*, subscription_id: int, template: str) -> None:
    subscription = Subscription.objects.get(pk=subscription_id)
    language = subscription.interface_language
    with translation.override(language):
        context = {"confirm_url": mail.absolute(reverse("newsletters:confirm",
                                                        args=[confirm_token_make(subscription=subscription)])),
                   "subscription": subscription, "confirm_days": settings.NEWSLETTER_CONFIRM_DAYS}
    context.update(mail.links(token=subscription.token, language=language))
    subject, text, html = mail.render_pair(template, context, language=language)
    mail.message(to=subscription.email, subject=subject, text=text, html=html).send()


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != Subscription.Status.ACTIVE:
        subscription.status = Subscription.Status.ACTIVE
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.unsubscribe_reason = ""
        subscription.save()
    return subscription


@transaction.atomic
def subscription_for_user_save(*, user, languages: list[str], topics: list[str], frequency: str, thematic: bool,
                               interface_language: str) -> Subscription:
    """Subscribe or update from the profile: the account's address is verified, so no confirmation mail.

    Consent is recorded again each time the person ticks the box and saves.
    """
    now = timezone.now()
    consent = consent_text_record(language=interface_language)
    subscription = Subscription.objects.select_for_update().filter(email__iexact=user.email).first()
    if subscription is None:
        subscription = Subscription(email=user.email)
    subscription.user = user
    subscription.languages, subscription.topics = languages, topics
    subscription.frequency, subscription.thematic = frequency, thematic
    subscription.interface_language = interface_language
    subscription.consent_version, subscription.consent_text, subscription.consented_at = consent.version, consent, now
    if subscription.status != Subscription.Status.ACTIVE:
        subscription.status = Subscription.Status.ACTIVE
        subscription.confirmed_at = now
        subscription.unsubscribed_at, subscription.unsubscribe_reason = None, ""
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, languages: list[str], topics: list[str], frequency: str,
                        thematic: bool) -> Subscription:
    subscription.languages, subscription.topics = languages, topics
    subscription.frequency, subscription.thematic = frequency, thematic
    subscription.save(update_fields=["languages", "topics", "frequency", "thematic"])
    return subscription


def subscription_unsubscribe(*, subscription: Subscription, reason: str = Subscription.Reason.SUBSCRIBER) -> bool:
    """Stop every mail to this subscription now; True if it was not already stopped. Idempotent."""
    changed = Subscription.objects.filter(pk=subscription.pk).exclude(status=Subscription.Status.UNSUBSCRIBED).update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now(), unsubscribe_reason=reason)
    # Mails of running issues not yet claimed are dropped too.
    Delivery.objects.filter(subscription_id=subscription.pk, status=Delivery.Status.QUEUED).delete()
    return bool(changed)


@transaction.atomic
def subscription_forget(*, subscription: Subscription) -> None:
    """Delete the subscription and its send records (the subscriber's right to erasure)."""
    subscription.delete()


def subscriptions_erase_for_user(*, user) -> None:
    """Account erasure: the account's subscriptions go with it (registered as an anonymiser)."""
    Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()


def bounce_record(*, email: str, event: str) -> bool:
    """A provider reports a hard bounce or a complaint: stop mailing that address. True if one was found."""
    reason = Subscription.Reason.COMPLAINT if event == "complaint" else Subscription.Reason.BOUNCE
    found = False
    for subscription in Subscription.objects.filter(email__iexact=email.strip()):
        subscription_unsubscribe(subscription=subscription, reason=reason)
        found = True
    return found


# --- Issues: what is due ----------------------------------------------------------------------


def period_of(*, frequency: str, now: datetime) -> tuple[datetime, datetime]:
    """The last complete period before ``now`` (weeks start on Monday, months on the 1st, local time)."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    zone = ZoneInfo(settings.TIME_ZONE)
    if frequency == "monthly":
        end = midnight.replace(day=1)
        previous = (end - timedelta(days=1)).replace(day=1)
        return previous.replace(tzinfo=zone), end.replace(tzinfo=zone)
    end = (midnight - timedelta(days=midnight.weekday())).replace(tzinfo=zone)
    start = (end.replace(tzinfo=None) - timedelta(days=7)).replace(tzinfo=zone)
    return start, end


def digest_issue_ensure(*, frequency: str, now: datetime) -> Issue:
    start, end = period_of(frequency=frequency, now=now)
    issue, _created = Issue.objects.get_or_create(
        key=f"{frequency}-{start.date().isoformat()}",
        defaults={"kind": Issue.Kind.DIGEST, "frequency": frequency, "period_start": start, "period_end": end})
    return issue


def issues_due(*, now: datetime, frequencies=("weekly", "monthly")) -> list[Issue]:
    """Issues to (re)send: this period's digests, scheduled newsletters whose time has come, stalled runs."""
    issues = [digest_issue_ensure(frequency=frequency, now=now) for frequency in frequencies]
    for newsletter in Newsletter.objects.filter(status=Newsletter.Status.SCHEDULED, scheduled_at__lte=now):
        issue, _created = Issue.objects.get_or_create(
            key=f"newsletter-{newsletter.pk}", defaults={"kind": Issue.Kind.NEWSLETTER, "newsletter": newsletter})
        Newsletter.objects.filter(pk=newsletter.pk).update(status=Newsletter.Status.SENT, sent_at=now)
        issues.append(issue)
    stale = timezone.now() - timedelta(seconds=settings.NEWSLETTER_RESUME_AFTER)
    due = []
    for issue in issues:
        if issue.status == Issue.Status.DONE:
            continue
        if issue.enqueued_at is not None and issue.enqueued_at > stale:
            continue  # its batches are queued or running; a later run resumes it if it stalls
        due.append(issue)
    return due


def _recipients(issue: Issue):
    active = Subscription.objects.filter(status=Subscription.Status.ACTIVE)
    if issue.kind == Issue.Kind.DIGEST:
        return active.filter(frequency=issue.frequency)
    return active.filter(thematic=True)  # language and topics are matched in Python (JSON lists, any engine)


def issue_batches(*, issue: Issue, size: int | None = None):
    """(first_pk, last_pk) ranges of at most ``size`` recipients, read with an iterator (flat memory)."""
    size = size or settings.NEWSLETTER_BATCH_SIZE
    first = last = None
    count = 0
    for pk in _recipients(issue).order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000):
        if first is None:
            first = pk
        last = pk
        count += 1
        if count == size:
            yield first, last
            first, count = None, 0
    if first is not None:
        yield first, last


def issue_enqueue(*, issue: Issue, progress=None) -> int:
    """Queue one background task per batch of recipients; returns the number of batches."""
    from scientix.newsletters.tasks import send_batch_task

    batches = list(issue_batches(issue=issue))  # a few hundred pairs of ids, never the subscribers
    Issue.objects.filter(pk=issue.pk).update(batches_total=len(batches), batches_done=0, enqueued_at=timezone.now())
    for number, (first, last) in enumerate(batches, 1):
        send_batch_task.enqueue(issue_id=issue.pk, first_pk=first, last_pk=last)
        if progress:
            progress(number, len(batches))
    if not batches:
        _issue_finish(issue_id=issue.pk)
    return len(batches)


def _issue_finish(*, issue_id: int) -> None:
    Issue.objects.filter(pk=issue_id).update(status=Issue.Status.DONE, finished_at=timezone.now())


# --- Sending one batch ------------------------------------------------------------------------


class Throttle:
    """Keeps to NEWSLETTER_SEND_RATE messages per second (0: as fast as possible)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


class DigestRenderer:
    """Digest bodies assembled from fragments rendered once per language (see ``mail``'s docstring)."""

    ITEMS = "itemsplaceholder000000000000"

    def __init__(self, issue: Issue):
        self.issue = issue
        self.frames = mail.RenderCache(64)  # one per interface language
        self.subjects = mail.RenderCache(1000)  # per language and item count
        self.fragments = mail.RenderCache(20_000)

    def render(self, *, items: list, language: str, token: str) -> tuple[str, str, str]:
        _subject, text_frame, html_frame = self.frames.get(language, lambda: self._frame(language))
        subject = self.subjects.get((language, len(items)), lambda: self._subject(language, len(items)))
        text_parts, html_parts = [], []
        for label, members in selectors.grouped(items):
            heading_text, heading_html = self.fragments.get(("h", label, language), lambda: self._heading(label))
            text_parts.append(heading_text)
            html_parts.append(heading_html)
            html_parts.append("<ul>")
            for item in members:
                line, li = self.fragments.get(("i", item.id, item.title, item.url, language),
                                              lambda item=item: self._item(item, language))
                text_parts.append(line)
                html_parts.append(li)
            html_parts.append("</ul>")
        text = text_frame.replace(self.ITEMS, "".join(text_parts)).replace(mail.TOKEN_PLACEHOLDER, token)
        html = html_frame.replace(self.ITEMS, "".join(html_parts)).replace(mail.TOKEN_PLACEHOLDER, token)
        return subject, text, html

    def _frame(self, language: str):
        context = mail.digest_context(issue=self.issue, items=[], language=language, token=mail.TOKEN_PLACEHOLDER)
        context.update(items_placeholder=self.ITEMS)
        return mail.render_pair("digest", context, language=language)

    def _subject(self, language: str, count: int) -> str:
        from django.template.loader import render_to_string

        with translation.override(language):
            return " ".join(render_to_string("newsletters/email/digest_subject.txt",
                                             {"issue": self.issue, "count": count}).split())

    @staticmethod
    def _heading(label: str) -> tuple[str, str]:
        from django.utils.html import escape

        return f"\n{label}\n{'-' * len(label)}\n", f"<h2>{escape(label)}</h2>"

    @staticmethod
    def _item(item, language: str) -> tuple[str, str]:
        from django.utils.html import format_html

        url = mail.absolute(item.url)
        if item.language != language:  # screen readers switch voice for a title in another language
            li = format_html('<li><a href="{}" lang="{}" hreflang="{}">{}</a></li>', url, item.language,
                             item.language, item.title)
        else:
            li = format_html('<li><a href="{}">{}</a></li>', url, item.title)
        return f"* {item.title}\n  {url}\n", li


def _claim(delivery_id: int, *, retry: bool) -> bool:
    """Move a delivery to 'sending' if nobody else did: the one UPDATE that decides who sends.

    Plain SQL (one statement, autocommit): it runs once per mail, and the
    ORM's per-call overhead was a third of a 100,000-mail run.
    """
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    condition = "status = 'failed' AND retry_at IS NOT NULL" if retry else "status = 'queued'"
    with db_connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = 'sending', claimed_at = %s, attempts = attempts + 1, "
                       f"retry_at = NULL WHERE id = %s AND {condition}", [timezone.now(), delivery_id])
        return cursor.rowcount == 1


def _claim_many(delivery_ids: list[int]) -> set[int]:
    """Claim up to NEWSLETTER_CLAIM_CHUNK queued deliveries in one statement; return the ids this worker got.

    One committed UPDATE per chunk instead of per mail: on PostgreSQL each commit waits for the disk,
    and that wait was most of a 100,000-mail run. What others claimed first is not returned.
    """
    if not delivery_ids:
        return set()
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    marks = ", ".join(["%s"] * len(delivery_ids))
    with db_connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = 'sending', claimed_at = %s, attempts = attempts + 1, "
                       f"retry_at = NULL WHERE id IN ({marks}) AND status = 'queued' RETURNING id",
                       [timezone.now(), *delivery_ids])
        return {row[0] for row in cursor.fetchall()}


def _release(delivery_ids: list[int]) -> None:
    """Give back claims whose mail was never attempted (the batch stopped before them): queued again."""
    if not delivery_ids:
        return
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    marks = ", ".join(["%s"] * len(delivery_ids))
    with db_connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = 'queued', claimed_at = NULL, attempts = attempts - 1 "
                       f"WHERE id IN ({marks}) AND status = 'sending'", list(delivery_ids))


def _mark_sent(delivery_ids: list[int]) -> None:
    """'sending' -> 'sent', for the mails of a chunk that left. On PostgreSQL without waiting for the disk
    (synchronous_commit off, this transaction only): if the server loses this write in a crash the rows stay
    'sending', which is never resent, so the guarantee holds; the claim before the send is always committed
    synchronously."""
    if not delivery_ids:
        return
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    marks = ", ".join(["%s"] * len(delivery_ids))
    with transaction.atomic(), db_connection.cursor() as cursor:
        if db_connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(f"UPDATE {table} SET status = 'sent', sent_at = %s WHERE id IN ({marks})",
                       [timezone.now(), *delivery_ids])


def _definite_refusal(error: Exception) -> int | None:
    """The SMTP code when the server clearly refused the message (so it was not delivered), else None."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return codes[0] if codes else 550
    if isinstance(error, smtplib.SMTPResponseException) and not isinstance(error, smtplib.SMTPServerDisconnected):
        return error.smtp_code
    return None


def issue_batch_send(*, issue_id: int, first_pk: int, last_pk: int, now: datetime | None = None,
                     connection=None) -> dict:
    """Send an issue to the active recipients with ids in [first_pk, last_pk]. Safe to run twice or concurrently.

    Recipients with nothing new get no mail and no row. Others get a 'queued'
    row (the unique constraint keeps one per issue), then each is claimed,
    sent and marked. An SMTP refusal marks the row 'failed' (retried later
    with back-off when the code is temporary); any other error stops the
    batch and leaves the claimed row 'sending' for staff: the mail may have
    left, so it must not be sent again.
    """
    now = now or timezone.now()
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    recipients = list(_recipients(issue).filter(pk__gte=first_pk, pk__lte=last_pk).order_by("pk"))
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    content = _content_for(issue, recipients, counts)
    if content:
        Delivery.objects.bulk_create([Delivery(issue=issue, subscription=s) for s in content],
                                     ignore_conflicts=True)
    deliveries = dict(Delivery.objects.filter(issue=issue, subscription__in=[s.pk for s in content])
                      .values_list("subscription_id", "pk"))
    connection = connection or get_connection()
    throttle = Throttle(settings.NEWSLETTER_SEND_RATE)
    items = list(content.items())
    chunk_size = max(1, settings.NEWSLETTER_CLAIM_CHUNK)
    with connection:
        for start in range(0, len(items), chunk_size):
            chunk = items[start:start + chunk_size]
            claimed = _claim_many([deliveries[s.pk] for s, _render in chunk if s.pk in deliveries])
            # Sent, being sent, failed or dropped already (or claimed by another worker): not ours to send.
            mine = [(s, render, deliveries[s.pk]) for s, render in chunk if deliveries.get(s.pk) in claimed]
            counts["skipped"] += len(chunk) - len(mine)
            attempted = 0
            try:
                for subscription, render, delivery_id in mine:
                    throttle.wait()
                    attempted += 1
                    _send_one(issue=issue, subscription=subscription, delivery_id=delivery_id, render=render,
                              connection=connection, counts=counts)
            finally:
                # Even when an error stops the batch: what left is recorded as sent; the mail being sent stays
                # 'sending' (it may have left); the rest of the chunk was never attempted and is queued again.
                _mark_sent(counts.pop("sent_delivery_ids", []))
                _release([delivery_id for _s, _r, delivery_id in mine[attempted:]])
    _digest_marked(issue=issue, subscription_ids=counts.pop("sent_ids", []))
    _batch_done(issue_id=issue.pk, sent=counts["sent"])
    return counts


def _digest_marked(*, issue: Issue, subscription_ids: list[int]) -> None:
    """Next digests start where this one ended: one UPDATE per batch (a crash mid-batch may repeat an item)."""
    if issue.kind == Issue.Kind.DIGEST and subscription_ids:
        Subscription.objects.filter(pk__in=subscription_ids).update(last_digest_at=issue.period_end)


def _content_for(issue: Issue, recipients: list[Subscription], counts: dict) -> dict:
    """Subscription -> a function that renders its mail, for those who get one."""
    content = {}
    if issue.kind == Issue.Kind.DIGEST:
        earliest = issue.period_end - 2 * selectors.period_length(issue.frequency)
        candidates = selectors.candidates_load(start=earliest, end=issue.period_end)
        renderer = _renderer_for(issue)
        for subscription in recipients:
            since = selectors.digest_since(subscription=subscription, issue=issue)
            items = candidates.for_subscription(languages=subscription.languages, topics=subscription.topics,
                                                since=since, limit=settings.NEWSLETTER_DIGEST_MAX_ITEMS)
            if not items:
                counts["skipped"] += 1  # no empty digests
                continue
            content[subscription] = (lambda s=subscription, items=items: renderer.render(
                items=items, language=s.interface_language, token=s.token))
    else:
        newsletter = issue.newsletter
        wanted = set(newsletter.topics)
        for subscription in recipients:
            if newsletter.language not in subscription.languages or (
                    wanted and subscription.topics and not wanted & set(subscription.topics)):
                continue
            content[subscription] = (lambda s=subscription: _newsletter_render(newsletter, s))
    return content


_renderers: dict[tuple, DigestRenderer] = {}


def _renderer_for(issue: Issue) -> DigestRenderer:
    """One renderer per issue per process: its fragments serve every batch the worker runs."""
    key = (issue.pk, issue.key, issue.period_end)  # ids can be reused (SQLite, a test's rolled-back rows)
    if key not in _renderers:
        _renderers.clear()
        _renderers[key] = DigestRenderer(issue)
    return _renderers[key]


def _newsletter_render(newsletter: Newsletter, subscription: Subscription) -> tuple[str, str, str]:
    context = mail.newsletter_context(newsletter=newsletter, subscription=subscription)
    return mail.render_pair("newsletter", context, language=newsletter.language)


def _send_one(*, issue, subscription, delivery_id, render, connection, counts) -> None:
    subject, text, html = render()
    message = mail.message(to=subscription.email, subject=subject, text=text, html=html, connection=connection,
                           extra_headers=mail.headers(token=subscription.token,
                                                      language=subscription.interface_language))
    try:
        message.send()
    except Exception as error:
        code = _definite_refusal(error)
        if code is None:
            raise  # unknown outcome: the row stays 'sending' (decision 0012)
        attempts = Delivery.objects.values_list("attempts", flat=True).get(pk=delivery_id)
        temporary = 400 <= code < 500 and attempts < settings.NEWSLETTER_MAX_ATTEMPTS
        retry_at = timezone.now() + timedelta(seconds=settings.NEWSLETTER_RETRY_BACKOFF * 2 ** (attempts - 1)) \
            if temporary else None
        Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.FAILED, retry_at=retry_at,
                                                       error=f"{type(error).__name__}: {error}"[:2000])
        counts["failed"] += 1
        return
    counts["sent"] += 1
    counts.setdefault("sent_ids", []).append(subscription.pk)
    counts.setdefault("sent_delivery_ids", []).append(delivery_id)  # marked 'sent' by the caller, a chunk at a time


def _batch_done(*, issue_id: int, sent: int) -> None:
    with transaction.atomic():
        Issue.objects.filter(pk=issue_id).update(batches_done=F("batches_done") + 1)
        issue = Issue.objects.get(pk=issue_id)
        if issue.batches_done >= issue.batches_total and issue.status != Issue.Status.DONE:
            _issue_finish(issue_id=issue_id)


def deliveries_retry(*, now: datetime | None = None) -> dict:
    """Send again the deliveries refused temporarily whose back-off has passed."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    due = Delivery.objects.filter(status=Delivery.Status.FAILED, retry_at__lte=now).select_related(
        "issue__newsletter", "subscription").order_by("pk")
    connection = get_connection()
    with connection:
        for delivery in due.iterator(chunk_size=500):
            subscription, issue = delivery.subscription, delivery.issue
            if subscription.status != Subscription.Status.ACTIVE:
                continue
            content = _content_for(issue, [subscription], counts)
            if subscription not in content or not _claim(delivery.pk, retry=True):
                continue
            _send_one(issue=issue, subscription=subscription, delivery_id=delivery.pk, render=content[subscription],
                      connection=connection, counts=counts)
            _mark_sent(counts.pop("sent_delivery_ids", []))
            _digest_marked(issue=issue, subscription_ids=counts.pop("sent_ids", []))
    return counts


# --- Thematic newsletters ----------------------------------------------------------------------


def newsletter_test_send(*, newsletter: Newsletter, to: str) -> None:
    """Send the newsletter as subscribers will see it to one address (an editor's own), marked as a test."""
    context = mail.newsletter_context(newsletter=newsletter, subscription=None)
    subject, text, html = mail.render_pair("newsletter", context, language=newsletter.language)
    mail.message(to=to, subject=f"[TEST] {subject}", text=text, html=html).send()


@transaction.atomic
def newsletter_schedule(*, newsletter: Newsletter, when: datetime) -> None:
    if newsletter.status == Newsletter.Status.SENT:
        raise ValueError("already sent")
    Newsletter.objects.filter(pk=newsletter.pk).update(status=Newsletter.Status.SCHEDULED, scheduled_at=when)


@transaction.atomic
def newsletter_unschedule(*, newsletter: Newsletter) -> None:
    Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SCHEDULED).update(
        status=Newsletter.Status.DRAFT)

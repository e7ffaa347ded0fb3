"""Newsletters and digests: double opt-in, consent records, digests from the search index, claim-then-send
delivery records (never twice, even across a crash), RFC 8058 one-click unsubscribe, thematic newsletters in
the admin, the bounce webhook. Mail flows talk to a real SMTP server (aiosmtpd)."""

import hashlib
import hmac
import json
import re
import smtplib
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from scientix.newsletters import selectors, services
from scientix.newsletters.models import ConsentText, Delivery, Issue, Newsletter, Subscription
from tests.conftest import make_user, publish_resource

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
URL = re.compile(r"https?://127\.0\.0\.1:8000(/[^\s\"'<>]*)")


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.SITE_URL = SITE
    settings.NEWSLETTER_SEND_RATE = 0
    settings.NEWSLETTER_RESUME_AFTER = 0


def wait_count(inbox, count: int, timeout: float = 10.0) -> list:
    deadline = time.monotonic() + timeout
    while len(inbox.messages) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(inbox.messages)} messages, expected {count}")
        time.sleep(0.05)
    return inbox.messages


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def subscribed(email: str, *, languages=("en",), topics=(), frequency="weekly", thematic=False,
               confirmed_at=None) -> Subscription:
    """An active subscriber, as if they had confirmed ``confirmed_at`` (default: an hour ago)."""
    consent = services.consent_text_record(language="en")
    return Subscription.objects.create(
        email=email, languages=list(languages), topics=list(topics), frequency=frequency, thematic=thematic,
        status="active", consent_version=consent.version, consent_text=consent,
        consented_at=timezone.now() - timedelta(hours=2),
        confirmed_at=confirmed_at or timezone.now() - timedelta(hours=1))


def next_week() -> str:
    return (timezone.now() + timedelta(days=8)).isoformat()


def subscribe_data(email="teacher@example.org", **extra) -> dict:
    return {"email": email, "languages": ["en"], "frequency": "weekly", "consent": "on", **extra}


# --- The whole journey against a real SMTP server ----------------------------------------------------


def test_subscribe_confirm_digest_unsubscribe_end_to_end(client, smtp_inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/newsletters/", subscribe_data(topics=["physics"]))
    assert response.status_code == 302 and response["Location"] == "/en/newsletters/check-your-inbox/"

    confirmation = wait_count(smtp_inbox, 1)[0]
    text, html = parts(confirmation)
    assert confirmation["To"] == "teacher@example.org"
    confirm_path = URL.search(text).group(1)
    assert "/en/newsletters/confirm/" in confirm_path and confirm_path in html
    assert Subscription.objects.get().status == "pending"
    assert client.get(confirm_path).status_code == 200  # a button, not a confirmation (link scanners)
    assert Subscription.objects.get().status == "pending"
    assert client.post(confirm_path).status_code == 302
    assert Subscription.objects.get().status == "active"

    publish_resource("Pendulum lab", subjects=("physics",))
    publish_resource("Fractions game", subjects=("mathematics",))  # not their topic
    call_command("send_digests", "--frequency", "weekly", "--now", next_week(), stdout=open("/dev/null", "w"))

    digest = wait_count(smtp_inbox, 2)[1]
    text, html = parts(digest)
    assert "1 new item" in digest["Subject"]
    assert "Pendulum lab" in text and "Pendulum lab" in html
    assert "Fractions game" not in text
    assert '<html lang="en">' in html and "<h1" in html and "<h2>Resource</h2>" in html
    unsubscribe_header = str(digest["List-Unsubscribe"]).strip()  # folded: long line
    assert unsubscribe_header.startswith(f"<{SITE}/en/newsletters/unsubscribe/")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    paths = {match.group(1) for match in URL.finditer(text)}
    archive = "/en/newsletters/archive/"
    assert archive in paths
    for path in paths:  # every link in the mail works
        assert client.get(path).status_code == 200, path
    web_version = next(path for path in paths if re.match(r"/en/newsletters/archive/\d+/", path))
    assert "Pendulum lab" in client.get(web_version).content.decode()

    # RFC 8058: one POST, no session, no CSRF token.
    one_click = Client(enforce_csrf_checks=True)
    unsubscribe_path = URL.search(unsubscribe_header).group(1).rstrip(">")
    response = one_click.post(unsubscribe_path, "List-Unsubscribe=One-Click",
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == "unsubscribed" and subscription.unsubscribe_reason == "subscriber"

    publish_resource("Optics kit", subjects=("physics",))
    call_command("send_digests", "--now", (timezone.now() + timedelta(days=40)).isoformat(),
                 stdout=open("/dev/null", "w"))
    time.sleep(0.3)
    assert len(smtp_inbox.messages) == 2


# --- Subscribing: consent, opt-in, enumeration, hostile input ---------------------------------------------


def test_the_consent_box_is_never_pre_ticked_and_is_required(client):
    page = client.get("/en/newsletters/").content.decode()
    box = re.search(r'<input type="checkbox" name="consent"[^>]*>', page).group(0)
    assert "checked" not in box
    assert "unsubscribe with one click" in page
    response = client.post("/en/newsletters/", subscribe_data(consent=""))
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert not Subscription.objects.exists()


def test_consent_is_recorded_with_its_version_text_and_time(client, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/newsletters/", subscribe_data(languages=["fr", "en"]))
    subscription = Subscription.objects.get()
    assert subscription.consent_version == services.CONSENT_VERSION
    assert subscription.consented_at >= before
    assert subscription.consent_text.language == "fr" and subscription.interface_language == "fr"
    assert subscription.consent_text.digest == ConsentText.digest_of(
        services.CONSENT_VERSION, "fr", subscription.consent_text.text)
    assert subscription.languages == ["fr", "en"]
    assert len(django_mail.outbox) == 1 and "/fr/newsletters/confirm/" in django_mail.outbox[0].body


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(client, django_capture_on_commit_callbacks):
    subscribed("known@example.org")
    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/newsletters/", subscribe_data(email=email), follow=True)
        answers.append((response.status_code, response.redirect_chain, response.content.decode()))
    assert answers[0] == answers[1]
    # Only the owners learn more, by mail: the known one gets a manage link, not a confirmation.
    known, unknown = django_mail.outbox
    assert "/manage/" in known.body and "/confirm/" not in known.body
    assert "/confirm/" in unknown.body
    assert Subscription.objects.get(email="known@example.org").frequency == "weekly"  # unchanged


def test_a_pending_subscription_receives_nothing(client):
    client.post("/en/newsletters/", subscribe_data())
    publish_resource("Pendulum lab")
    django_mail.outbox.clear()
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    assert django_mail.outbox == []


@pytest.mark.parametrize("bad", [
    {"email": "not-an-address"},
    {"email": "x" * 300 + "@example.org"},
    {"languages": ["xx"]},
    {"languages": []},
    {"topics": ["no-such-subject"]},
    {"frequency": "hourly"},
    {"frequency": "none", "thematic": ""},
    {"email": "a@example.org\r\nBcc: victim@example.org"},
])
def test_hostile_subscriptions_get_form_errors_and_save_nothing(client, bad):
    response = client.post("/en/newsletters/", {**subscribe_data(), **bad})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    assert not Subscription.objects.exists()


def test_huge_input_is_refused_without_a_500(client):
    response = client.post("/en/newsletters/", {**subscribe_data(), "languages": ["en"] * 5000})
    assert response.status_code in (400, 413)
    assert not Subscription.objects.exists()


def test_subscribing_is_rate_limited_per_address_of_the_requester(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = 2
    for number in range(2):
        assert client.post("/en/newsletters/", subscribe_data(email=f"p{number}@example.org")).status_code == 302
    response = client.post("/en/newsletters/", subscribe_data(email="p9@example.org"))
    assert response.status_code == 429
    assert not Subscription.objects.filter(email="p9@example.org").exists()


def test_confirmation_mails_to_one_address_are_limited(client, settings, django_capture_on_commit_callbacks):
    settings.NEWSLETTER_MAILS_PER_ADDRESS = 2
    for _attempt in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/newsletters/", subscribe_data(email="victim@example.org"))
    assert len(django_mail.outbox) == 2


@pytest.mark.parametrize("token", ["forged", "a" * 600, "eyJzIjoxfQ:1tAAAA:bad-signature"])
def test_forged_confirmation_links_are_refused(client, token):
    assert client.get(f"/en/newsletters/confirm/{token}/").status_code == 400
    assert client.post(f"/en/newsletters/confirm/{token}/").status_code == 400


def test_an_expired_confirmation_link_is_refused(client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletters/", subscribe_data())
    path = URL.search(django_mail.outbox[0].body).group(1)
    settings.NEWSLETTER_CONFIRM_DAYS = -1
    assert client.post(path).status_code == 400
    assert Subscription.objects.get().status == "pending"


@pytest.mark.parametrize("page", ["manage", "unsubscribe"])
def test_unknown_or_huge_tokens_are_404(client, page):
    subscribed("someone@example.org")
    assert client.get(f"/en/newsletters/{page}/not-a-token/").status_code == 404
    assert client.post(f"/en/newsletters/{page}/{'z' * 5000}/").status_code == 404
    assert Subscription.objects.get().status == "active"


def test_the_manage_page_changes_choices_and_refuses_bad_ones(client):
    subscription = subscribed("someone@example.org")
    path = f"/en/newsletters/manage/{subscription.token}/"
    assert client.get(path).status_code == 200
    response = client.post(path, {"languages": ["de"], "topics": ["biology"], "frequency": "monthly", "thematic": "on"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.languages, subscription.topics, subscription.frequency, subscription.thematic) == (
        ["de"], ["biology"], "monthly", True)
    assert client.post(path, {"languages": ["klingon"], "frequency": "monthly"}).status_code == 400
    subscription.refresh_from_db()
    assert subscription.languages == ["de"]


def test_unsubscribe_get_shows_a_button_and_changes_nothing(client):
    subscription = subscribed("someone@example.org")
    response = client.get(f"/en/newsletters/unsubscribe/{subscription.token}/")
    assert response.status_code == 200 and "<form" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_forgetting_deletes_the_subscription_and_its_records(client):
    subscription = subscribed("someone@example.org")
    publish_resource("Pendulum lab")
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    assert Delivery.objects.count() == 1
    assert client.post(f"/en/newsletters/manage/{subscription.token}/forget/").status_code == 302
    assert not Subscription.objects.exists() and not Delivery.objects.exists()


# --- From the profile ------------------------------------------------------------------------------------


def test_a_signed_in_person_subscribes_from_the_profile_without_a_confirmation_mail(client, alice):
    client.force_login(alice)
    assert "/en/newsletters/mine/" in client.get("/en/accounts/profile/").content.decode()
    page = client.get("/en/newsletters/mine/")
    assert page.status_code == 200
    assert client.post("/en/newsletters/mine/", {"languages": ["en"], "frequency": "monthly"}).status_code == 400
    response = client.post("/en/newsletters/mine/", {"languages": ["en", "de"], "frequency": "monthly",
                                                     "consent": "on"})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.user, subscription.status) == (alice.email, alice, "active")
    assert subscription.consent_version == services.CONSENT_VERSION
    assert django_mail.outbox == []
    assert client.post("/en/newsletters/mine/unsubscribe/").status_code == 302
    assert Subscription.objects.get().status == "unsubscribed"


def test_the_profile_page_needs_sign_in(client):
    assert client.get("/en/newsletters/mine/").status_code == 302
    assert client.post("/en/newsletters/mine/unsubscribe/").status_code == 302


def test_personal_data_export_and_erasure_include_subscriptions(client, alice):
    from scientix.accounts.selectors import personal_data_export
    from scientix.accounts.services import account_delete

    services.subscription_for_user_save(user=alice, languages=["en"], topics=[], frequency="weekly", thematic=False,
                                        interface_language="en")
    exported = personal_data_export(user=alice)["newsletter_subscriptions"]
    assert exported[0]["email"] == alice.email and exported[0]["consent"]["version"] == services.CONSENT_VERSION
    account_delete(user=alice)
    assert not Subscription.objects.exists()


# --- Digests: what goes in ---------------------------------------------------------------------------


def test_a_digest_holds_what_is_new_in_the_subscribers_languages_and_topics():
    from tests.conftest import translate

    physics = publish_resource("Pendulum lab", subjects=("mechanics",))  # a narrower subject of physics
    translate(physics, "de", title="Pendellabor")
    publish_resource("Fractions game", subjects=("mathematics",))
    issue = services.digest_issue_ensure(frequency="weekly", now=timezone.now() + timedelta(days=8))
    candidates = selectors.candidates_load(start=issue.period_end - timedelta(days=14), end=issue.period_end)
    since = timezone.now() - timedelta(hours=1)

    def titles(**choice):
        return [item.title for item in candidates.for_subscription(since=since, limit=30, **choice)]

    assert titles(languages=["de"], topics=["physics"]) == ["Pendellabor"]
    assert set(titles(languages=["en"], topics=[])) == {"Pendulum lab", "Fractions game"}
    assert titles(languages=["en"], topics=["biology"]) == []
    assert titles(languages=["fr"], topics=[]) == []
    later = timezone.now() + timedelta(minutes=5)
    assert candidates.for_subscription(languages=["en"], topics=[], since=later, limit=30) == []


def test_no_empty_digests_and_items_only_since_the_last_one():
    subscribed("physics@example.org", topics=["physics"])
    subscribed("biology@example.org", topics=["biology"])
    publish_resource("Pendulum lab", subjects=("physics",))
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    assert [m.to for m in django_mail.outbox] == [["physics@example.org"]]
    assert Delivery.objects.get().status == "sent"
    assert Subscription.objects.get(email="physics@example.org").last_digest_at is not None
    django_mail.outbox.clear()
    call_command("send_digests", "--now", (timezone.now() + timedelta(days=15)).isoformat(),
                 stdout=open("/dev/null", "w"))
    assert django_mail.outbox == []  # nothing new since: no digest


def test_the_digest_is_in_the_subscribers_interface_language():
    subscription = subscribed("lea@example.org", languages=["en"])
    Subscription.objects.filter(pk=subscription.pk).update(interface_language="fr")
    publish_resource("Pendulum lab")
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    message = django_mail.outbox[0]
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert "/fr/newsletters/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    # The English title links with its own language marked for screen readers.
    assert 'lang="en"' in html.split("<ul>")[1]


def test_monthly_and_weekly_subscribers_get_their_own_issues():
    subscribed("weekly@example.org")
    subscribed("monthly@example.org", frequency="monthly")
    publish_resource("Pendulum lab")
    call_command("send_digests", "--frequency", "weekly", "--now", next_week(), stdout=open("/dev/null", "w"))
    assert [m.to for m in django_mail.outbox] == [["weekly@example.org"]]
    call_command("send_digests", "--frequency", "monthly", "--now",
                 (timezone.now() + timedelta(days=40)).isoformat(), stdout=open("/dev/null", "w"))
    assert [m.to for m in django_mail.outbox][1:] == [["monthly@example.org"]]


def test_the_command_refuses_a_bad_now():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests", "--now", "next tuesday", stdout=open("/dev/null", "w"))


# --- Never twice ---------------------------------------------------------------------------------------


class Killed(KeyboardInterrupt):
    """The worker process dies (the immediate task backend lets KeyboardInterrupt through, like a SIGKILL)."""


class CrashingBackend(LocmemBackend):
    """Delivers ``allowed`` messages, then the process dies in the middle of the next SMTP conversation."""

    allowed: int | None = None
    refuse: dict = {}

    def send_messages(self, messages):
        for message in messages:
            refusal = self.refuse.get(message.to[0])
            if refusal:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: refusal})
            if CrashingBackend.allowed is not None:
                if CrashingBackend.allowed <= 0:
                    raise Killed()
                CrashingBackend.allowed -= 1
            super().send_messages([message])
        return len(messages)


@pytest.fixture
def crashing(settings):
    settings.EMAIL_BACKEND = "tests.test_newsletters.CrashingBackend"
    CrashingBackend.allowed, CrashingBackend.refuse = None, {}
    yield CrashingBackend
    CrashingBackend.allowed, CrashingBackend.refuse = None, {}


@pytest.mark.postgres
def test_a_crashed_and_resumed_send_mails_nobody_twice(crashing, settings):
    settings.NEWSLETTER_BATCH_SIZE = 3
    for number in range(7):
        subscribed(f"s{number}@example.org")
    publish_resource("Pendulum lab")
    crashing.allowed = 4
    with pytest.raises(Killed):
        call_command("send_digests", "--frequency", "weekly", "--now", next_week(), stdout=open("/dev/null", "w"))
    statuses = dict(Delivery.objects.values_list("subscription__email", "status"))
    assert sorted(statuses.values()).count("sent") == 4
    stuck = [email for email, status in statuses.items() if status == "sending"]
    assert len(stuck) == 1  # the one whose SMTP conversation broke: maybe delivered, so never resent
    assert Issue.objects.get().status == "sending"

    crashing.allowed = None  # the server is back; the job runs again
    call_command("send_digests", "--frequency", "weekly", "--now", next_week(), stdout=open("/dev/null", "w"))
    recipients = [m.to[0] for m in django_mail.outbox]
    assert len(recipients) == len(set(recipients)) == 6
    assert stuck[0] not in recipients
    assert Delivery.objects.filter(status="sent").count() == 6
    assert Delivery.objects.get(subscription__email=stuck[0]).status == "sending"
    assert Issue.objects.get().status == "done"

    call_command("send_digests", "--frequency", "weekly", "--now", next_week(), stdout=open("/dev/null", "w"))
    assert len(django_mail.outbox) == 6  # a third run sends nothing


@pytest.mark.postgres
def test_the_claim_is_taken_once_and_a_second_batch_run_sends_nothing():
    subscription = subscribed("once@example.org")
    publish_resource("Pendulum lab")
    issue = services.digest_issue_ensure(frequency="weekly", now=timezone.now() + timedelta(days=8))
    first = services.issue_batch_send(issue_id=issue.pk, first_pk=subscription.pk, last_pk=subscription.pk)
    again = services.issue_batch_send(issue_id=issue.pk, first_pk=subscription.pk, last_pk=subscription.pk)
    assert (first["sent"], again["sent"]) == (1, 0)
    delivery = Delivery.objects.get()
    assert not services._claim(delivery.pk, retry=False)
    assert len(django_mail.outbox) == 1
    with pytest.raises(Exception):  # the unique constraint: one delivery per issue and subscription
        from django.db import transaction

        with transaction.atomic():
            Delivery.objects.create(issue=issue, subscription=subscription)


@pytest.mark.postgres
def test_concurrent_batches_send_each_mail_once(site):  # real threads, real connections
    subscribers = [subscribed(f"c{number}@example.org") for number in range(12)]
    publish_resource("Pendulum lab")
    issue = services.digest_issue_ensure(frequency="weekly", now=timezone.now() + timedelta(days=8))
    errors = []

    def run():
        from django.db import OperationalError, connection

        try:
            for _attempt in range(200):
                try:  # the in-memory SQLite test database fails fast on a lock; a file database would wait
                    services.issue_batch_send(issue_id=issue.pk, first_pk=subscribers[0].pk,
                                              last_pk=subscribers[-1].pk)
                    return
                except OperationalError:
                    time.sleep(0.01)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recipients = [m.to[0] for m in django_mail.outbox]
    assert len(recipients) == len(set(recipients))  # nobody twice
    statuses = dict(Delivery.objects.values_list("subscription__email", "status"))
    assert sorted(statuses) == sorted(s.email for s in subscribers)
    # Each got the mail, or (SQLite lock between send and mark) is 'sending' for staff: never resent.
    assert {email for email, status in statuses.items() if status == "sent"} <= set(recipients)
    assert set(recipients) | {e for e, st in statuses.items() if st == "sending"} == set(statuses)
    from django.db import connection

    if connection.vendor == "postgresql":  # row locks: every claim and mark goes through
        assert sorted(recipients) == sorted(statuses) and set(statuses.values()) == {"sent"}


def test_a_temporary_refusal_is_retried_with_back_off(crashing, settings):
    subscribed("busy@example.org")
    subscribed("fine@example.org")
    publish_resource("Pendulum lab")
    crashing.refuse = {"busy@example.org": (451, b"try later")}
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    failed = Delivery.objects.get(subscription__email="busy@example.org")
    assert failed.status == "failed" and failed.attempts == 1 and failed.retry_at > timezone.now()
    assert "451" in failed.error
    crashing.refuse = {}
    assert services.deliveries_retry(now=timezone.now())["sent"] == 0  # back-off not over
    assert services.deliveries_retry(now=failed.retry_at + timedelta(seconds=1))["sent"] == 1
    assert sorted(m.to[0] for m in django_mail.outbox) == ["busy@example.org", "fine@example.org"]
    assert Delivery.objects.filter(status="sent").count() == 2


def test_a_permanent_refusal_is_not_retried(crashing):
    subscribed("gone@example.org")
    publish_resource("Pendulum lab")
    crashing.refuse = {"gone@example.org": (550, b"no such user")}
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    failed = Delivery.objects.get()
    assert (failed.status, failed.retry_at) == ("failed", None)


def test_sending_is_batched_into_background_tasks(settings):
    from django_tasks.signals import task_enqueued

    settings.NEWSLETTER_BATCH_SIZE = 2
    for number in range(5):
        subscribed(f"b{number}@example.org")
    publish_resource("Pendulum lab")
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append((task_result.task.name, task_result.kwargs))

    task_enqueued.connect(record)
    try:
        call_command("send_digests", "--frequency", "weekly", "--now", next_week(), stdout=open("/dev/null", "w"))
    finally:
        task_enqueued.disconnect(record)
    assert [name for name, _kwargs in enqueued] == ["send_batch_task"] * 3
    assert len(django_mail.outbox) == 5
    assert Issue.objects.get().batches_done == 3


def test_the_scheduled_task_runs_the_same_code():
    from scientix.newsletters.tasks import send_due_task

    subscribed("task@example.org", confirmed_at=timezone.now() - timedelta(days=30))
    publish_resource("Pendulum lab")
    from scientix.search.models import SearchDocument

    SearchDocument.objects.update(published_at=timezone.now() - timedelta(days=9))
    result = send_due_task.enqueue()
    assert any(key.startswith("weekly-") for key in result.return_value)
    assert [m.to for m in django_mail.outbox] == [["task@example.org"]]


def test_throttle_keeps_the_rate():
    throttle = services.Throttle(50)
    started = time.monotonic()
    for _ in range(6):
        throttle.wait()
    assert time.monotonic() - started >= 0.09


# --- Archive ------------------------------------------------------------------------------------------


def test_the_archive_lists_sent_issues_within_a_query_budget(client, django_assert_max_num_queries):
    subscribed("reader@example.org")
    publish_resource("Pendulum lab")
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    with django_assert_max_num_queries(12):
        response = client.get("/en/newsletters/archive/")
    assert response.status_code == 200 and "Weekly digest" in response.content.decode()
    issue = Issue.objects.get(frequency="weekly")
    with django_assert_max_num_queries(12):
        assert "Pendulum lab" in client.get(f"/en/newsletters/archive/{issue.pk}/").content.decode()
    assert client.get("/en/newsletters/archive/999999/").status_code == 404


def test_an_issue_nobody_received_is_not_in_the_archive(client):
    publish_resource("Pendulum lab")
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    issue = Issue.objects.get(frequency="weekly")
    assert client.get(f"/en/newsletters/archive/{issue.pk}/").status_code == 404


# --- Bounce and complaint webhook ----------------------------------------------------------------------


def signed(secret: str, payload: dict) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    return body, "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_the_webhook_is_off_without_a_secret(client, settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = ""
    body, signature = signed("x", {"event": "bounce", "email": "a@example.org"})
    response = client.post("/en/newsletters/webhooks/generic/", body, content_type="application/json",
                           headers={"X-Scientix-Signature": signature})
    assert response.status_code == 404


@pytest.mark.parametrize("event,reason", [("bounce", "bounce"), ("complaint", "complaint")])
def test_a_signed_bounce_or_complaint_unsubscribes(client, settings, event, reason):
    settings.NEWSLETTER_WEBHOOK_SECRET = "s3cret"
    subscribed("bouncy@example.org")
    body, signature = signed("s3cret", {"event": event, "email": "BOUNCY@example.org"})
    response = Client(enforce_csrf_checks=True).post("/en/newsletters/webhooks/generic/", body,
                                                     content_type="application/json",
                                                     headers={"X-Scientix-Signature": signature})
    assert response.status_code == 200 and response.json() == {"unsubscribed": True}
    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.unsubscribe_reason) == ("unsubscribed", reason)


@pytest.mark.parametrize("case", ["bad-signature", "no-signature", "bad-json", "unknown-event", "other-provider",
                                  "huge"])
def test_the_webhook_refuses_bad_requests(client, settings, case):
    settings.NEWSLETTER_WEBHOOK_SECRET = "s3cret"
    subscribed("bouncy@example.org")
    payload = {"event": "bounce", "email": "bouncy@example.org"}
    body, signature = signed("s3cret", payload)
    path, headers = "/en/newsletters/webhooks/generic/", {"X-Scientix-Signature": signature}
    expected = 403
    if case == "bad-signature":
        headers = {"X-Scientix-Signature": signed("wrong", payload)[1]}
    elif case == "no-signature":
        headers = {}
    elif case == "bad-json":
        body = b"{not json"
        headers = {"X-Scientix-Signature": "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()}
        expected = 400
    elif case == "unknown-event":
        body, signature = signed("s3cret", {"event": "delivered", "email": "bouncy@example.org"})
        headers, expected = {"X-Scientix-Signature": signature}, 400
    elif case == "other-provider":
        path, expected = "/en/newsletters/webhooks/sendgrid/", 404
    elif case == "huge":
        body = b"{" + b" " * (70 * 1024) + b"}"
        headers = {"X-Scientix-Signature": "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()}
        expected = 413
    response = client.post(path, body, content_type="application/json", headers=headers)
    assert response.status_code == expected
    assert Subscription.objects.get().status == "active"
    assert client.get("/en/newsletters/webhooks/generic/").status_code == 405


# --- Thematic newsletters in the admin ---------------------------------------------------------------

BODY = json.dumps({"blocks": [{"key": "a1b2c", "type": "unstyled", "text": "Stars and planets for class 5.",
                               "depth": 0, "inlineStyleRanges": [], "entityRanges": [], "data": {}}],
                   "entityMap": {}})


def newsletter(**fields) -> Newsletter:
    fields.setdefault("title", "Astronomy month")
    fields.setdefault("body", "<p>Stars and planets for class 5.</p>")
    return Newsletter.objects.create(**fields)


def test_editors_compose_a_newsletter_in_the_admin(client, edith):
    client.force_login(edith)
    assert client.get("/admin/snippets/newsletters/newsletter/").status_code == 200
    assert client.get("/admin/snippets/newsletters/newsletter/add/").status_code == 200
    response = client.post("/admin/snippets/newsletters/newsletter/add/", {
        "title": "Astronomy month", "language": "en", "topics": ["astronomy"], "intro": "Look up!", "body": BODY})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Newsletter.objects.get()
    assert (created.topics, created.status) == (["astronomy"], "draft")
    bad = client.post("/admin/snippets/newsletters/newsletter/add/", {
        "title": "x", "language": "xx", "topics": ["nonsense"], "body": BODY})
    assert bad.status_code == 200 and Newsletter.objects.count() == 1  # form errors, nothing saved


def test_the_admin_preview_renders_the_mail(client, edith):
    item = newsletter()
    client.force_login(edith)
    url = f"/admin/snippets/newsletters/newsletter/preview/{item.pk}/"
    data = {"title": "Astronomy month", "language": "en", "intro": "Look up!", "body": BODY}
    assert client.post(url, data).json()["is_valid"] is True
    preview = client.get(url).content.decode()
    assert "Stars and planets" in preview and "Look up!" in preview and '<html lang="en">' in preview


@pytest.mark.parametrize("role", ["translator", "national_contact_point", None])
def test_only_editors_compose_or_send_newsletters(client, role):
    item = newsletter()
    client.force_login(make_user("staff@example.org", roles=(role,) if role else ()))
    assert client.get("/admin/snippets/newsletters/newsletter/add/").status_code in (302, 403)
    assert client.get(f"/admin/snippets/newsletters/newsletter/edit/{item.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/newsletters/actions/{item.pk}/test/").status_code in (302, 403)
    assert client.post(f"/admin/newsletters/actions/{item.pk}/schedule/",
                       {"when": "2030-01-01T10:00"}).status_code in (302, 403)
    assert django_mail.outbox == []
    assert Newsletter.objects.get().status == "draft"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    item = newsletter()
    assert client.post(f"/admin/newsletters/actions/{item.pk}/test/").status_code == 302
    assert client.get("/admin/newsletters/deliveries/").status_code == 302


def test_send_test_to_me(client, edith):
    item = newsletter(intro="Look up!")
    client.force_login(edith)
    assert client.get(f"/admin/newsletters/actions/{item.pk}/test/").status_code == 200
    assert django_mail.outbox == []
    assert client.post(f"/admin/newsletters/actions/{item.pk}/test/").status_code == 302
    sent = django_mail.outbox[0]
    assert sent.to == [edith.email] and sent.subject == "[TEST] Astronomy month"
    assert "Stars and planets" in sent.body and "Stars and planets" in sent.alternatives[0][0]


def test_a_scheduled_newsletter_goes_once_to_matching_subscribers(client, edith):
    subscribed("stars@example.org", topics=["astronomy"], thematic=True)
    subscribed("all@example.org", thematic=True)
    subscribed("digest-only@example.org")
    subscribed("biology@example.org", topics=["biology"], thematic=True)
    subscribed("german@example.org", languages=["de"], thematic=True)
    item = newsletter(topics=["astronomy"])
    client.force_login(edith)
    when = timezone.localtime() + timedelta(hours=2)
    response = client.post(f"/admin/newsletters/actions/{item.pk}/schedule/",
                           {"when": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "scheduled"
    other = newsletter(title="Draft")
    assert client.post(f"/admin/newsletters/actions/{other.pk}/schedule/", {"when": "tomorrow"}).status_code == 400
    other.refresh_from_db()
    assert other.status == "draft"
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert django_mail.outbox == []  # not yet
    later = (timezone.now() + timedelta(hours=3)).isoformat()
    call_command("send_digests", "--now", later, stdout=open("/dev/null", "w"))
    assert sorted(m.to[0] for m in django_mail.outbox) == ["all@example.org", "stars@example.org"]
    message = django_mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/en/newsletters/archive/" in message.body
    call_command("send_digests", "--now", later, stdout=open("/dev/null", "w"))
    assert len(django_mail.outbox) == 2
    item.refresh_from_db()
    assert item.status == "sent"
    archive = client.get("/en/newsletters/archive/").content.decode()
    assert "Astronomy month" in archive
    issue = Issue.objects.get(newsletter=item)
    assert "Stars and planets" in client.get(f"/en/newsletters/archive/{issue.pk}/").content.decode()
    # A sent newsletter can no longer be changed or re-scheduled.
    assert client.post(f"/admin/newsletters/actions/{item.pk}/schedule/",
                       {"when": "2030-01-01T10:00"}).status_code in (302, 403)  # Wagtail redirects a denial
    item.refresh_from_db()
    assert item.status == "sent" and item.scheduled_at < timezone.now() + timedelta(days=1)


def test_unscheduling_makes_a_draft_again(client, edith):
    item = newsletter()
    services.newsletter_schedule(newsletter=item, when=timezone.now() + timedelta(days=1))
    client.force_login(edith)
    assert client.get(f"/admin/newsletters/actions/{item.pk}/schedule/").status_code == 200
    assert client.post(f"/admin/newsletters/actions/{item.pk}/schedule/").status_code == 302
    item.refresh_from_db()
    assert item.status == "draft"


def test_staff_see_every_send_and_stuck_ones(client, edith):
    subscribed("reader@example.org")
    publish_resource("Pendulum lab")
    call_command("send_digests", "--now", next_week(), stdout=open("/dev/null", "w"))
    Delivery.objects.update(status="sending")
    client.force_login(edith)
    listing = client.get("/admin/newsletters/deliveries/?status=sending")
    assert listing.status_code == 200 and "reader@example.org" in listing.content.decode()
    assert client.get("/admin/newsletters/issues/").status_code == 200
    assert client.get(f"/admin/newsletters/deliveries/edit/{Delivery.objects.get().pk}/").status_code in (302, 403)


@pytest.mark.postgres
def test_one_subscription_per_address_whatever_its_case():
    from django.db import IntegrityError, transaction

    subscribed("Ada@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        subscribed("ada@example.ORG")
    assert Subscription.objects.count() == 1


def test_a_sent_newsletter_can_be_neither_changed_nor_deleted(client, edith):
    item = newsletter()
    services.newsletter_schedule(newsletter=item, when=timezone.now())
    subscribed("reader@example.org", thematic=True)
    call_command("send_digests", stdout=open("/dev/null", "w"))
    client.force_login(edith)
    assert client.post(f"/admin/snippets/newsletters/newsletter/delete/{item.pk}/").status_code in (302, 403)
    response = client.post(f"/admin/snippets/newsletters/newsletter/edit/{item.pk}/",
                           {"title": "Changed", "language": "en", "body": BODY})
    assert response.status_code in (302, 403) or "can no longer be changed" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Astronomy month" and item.status == "sent"
    draft = newsletter(title="Draft")
    assert client.post(f"/admin/snippets/newsletters/newsletter/delete/{draft.pk}/").status_code == 302
    assert not Newsletter.objects.filter(pk=draft.pk).exists()


@pytest.mark.postgres
def test_a_chunk_is_claimed_once_and_released_claims_can_be_claimed_again():
    subscribers = [subscribed(f"c{n}@example.org") for n in range(3)]
    publish_resource("Pendulum lab")
    issue = services.digest_issue_ensure(frequency="weekly", now=timezone.now() + timedelta(days=8))
    Delivery.objects.bulk_create([Delivery(issue=issue, subscription=s) for s in subscribers])
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert services._claim_many(ids) == set(ids)
    assert services._claim_many(ids) == set()  # nobody claims twice
    services._release(ids[1:])  # never attempted: back in the queue, attempts as before
    assert dict(Delivery.objects.values_list("pk", "status")) == {ids[0]: "sending", ids[1]: "queued", ids[2]: "queued"}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1, 0}
    assert services._claim_many(ids) == set(ids[1:])

"""Subscriptions, issues (digests and thematic newsletters) and one delivery record per recipient.

The delivery record is the "never twice" guarantee (decision 0012): a row per
(issue, subscription), unique, claimed ``queued -> sending`` by one UPDATE
before the SMTP conversation and marked ``sent`` after it. A crash between the
two leaves ``sending``: never retried by itself, shown to staff.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin

from scientix.languages import EU_LANGUAGES


def new_token() -> str:
    """Unguessable and long-lived: it alone lets its holder manage or end a subscription."""
    return secrets.token_urlsafe(32)


class ConsentText(models.Model):
    """The exact wording a subscriber agreed to, in the language it was shown in."""

    version = models.CharField(max_length=32)
    language = models.CharField(max_length=8)
    text = models.TextField()
    digest = models.CharField(max_length=64, unique=True)  # sha256 of version, language and text
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")

    def __str__(self):
        return f"{self.version} ({self.language})"

    @staticmethod
    def digest_of(version: str, language: str, text: str) -> str:
        return hashlib.sha256(f"{version}\n{language}\n{text}".encode()).hexdigest()


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly digest")
    MONTHLY = "monthly", _("Monthly digest")
    NONE = "none", _("No digest")


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Reason(models.TextChoices):
        NONE = "", _("—")
        SUBSCRIBER = "subscriber", _("The subscriber")
        BOUNCE = "bounce", _("Bounce")
        COMPLAINT = "complaint", _("Complaint")

    email = models.EmailField(_("e-mail address"), max_length=254)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="newsletter_subscriptions")
    languages = models.JSONField(_("languages"), default=list)  # ISO 639-1 codes of EU_LANGUAGES
    topics = models.JSONField(_("topics"), default=list, blank=True)  # subject codes; empty: everything
    frequency = models.CharField(_("digest"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    thematic = models.BooleanField(_("thematic newsletters"), default=False)
    interface_language = models.CharField(max_length=8, default="en")  # the mails' language
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    unsubscribe_reason = models.CharField(max_length=16, choices=Reason.choices, blank=True, default="")
    consent_version = models.CharField(max_length=32)
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    consented_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)  # end of the period the last digest covered
    token = models.CharField(max_length=64, unique=True, default=new_token)  # manage and unsubscribe links
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_subscription_per_email"),
            models.CheckConstraint(condition=models.Q(frequency__in=["weekly", "monthly", "none"]),
                                   name="subscription_frequency_known"),
        ]
        indexes = [models.Index(fields=["status", "frequency"], name="subscription_due")]

    def __str__(self):
        return self.email


class Issue(models.Model):
    """One mailing: a digest of a period for one frequency, or one thematic newsletter."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Digest")
        NEWSLETTER = "newsletter", _("Thematic newsletter")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=64, unique=True)  # "weekly-2026-11-23", "newsletter-12"
    frequency = models.CharField(max_length=8, blank=True)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    newsletter = models.OneToOneField("Newsletter", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="issue")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENDING)
    batches_total = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("issue")
        ordering = ["-created_at"]

    def __str__(self):
        return self.key


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending (interrupted if it stays so)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)  # failed and worth another try from then on
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "subscription"], name="one_delivery_per_issue")]
        indexes = [models.Index(fields=["status", "retry_at"], name="delivery_retry")]

    def __str__(self):
        return f"{self.issue_id} → {self.subscription_id}: {self.status}"


class Newsletter(PreviewableMixin, models.Model):
    """A thematic newsletter composed by editors: previewed, test-sent, scheduled, then sent once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")

    title = models.CharField(_("title"), max_length=200, help_text=_("Also the mail's subject."))
    language = models.CharField(_("language"), max_length=8, choices=EU_LANGUAGES, default="en",
                                help_text=_("Sent to subscribers who read this language."))
    topics = models.JSONField(_("topics"), default=list, blank=True,
                              help_text=_("Subject codes; subscribers following none of them are left out. "
                                          "Empty: every subscriber of the language."))
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thematic newsletter")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "newsletters/email/newsletter.html"

    def get_preview_context(self, request, mode_name):
        from scientix.newsletters import mail

        return mail.newsletter_context(newsletter=self, subscription=None)

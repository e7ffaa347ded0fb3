"""Translation on demand.

A *request* is people asking for one resource in one language; each asker is a
*vote*. An editor accepts a request, which opens a *job* (one page into one
language, with a translator, a reviewer and a due date), or declines it with a
reason. Editors may open jobs for any page (news, blog, static pages) without a
request. The translator works in wagtail-localize's editor; the reviewer's
approval is the only way a job's language version is published.

Both are explicit state machines: the transitions are the functions in
``services.py`` and each one writes a ``TranslationEvent`` (who, when, what).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scientix.languages import EU_LANGUAGES


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PUBLISHED = "published", _("Published")


class TranslationRequest(models.Model):
    """People asking for a resource (all its language versions share ``resource_key``) in ``language``."""

    resource_key = models.UUIDField(db_index=True)  # the resource's wagtail translation_key
    resource = models.ForeignKey(
        "resources.ResourcePage", verbose_name=_("resource"), on_delete=models.CASCADE, related_name="+",
        help_text=_("The version the request was first made on; the translation starts from the original."),
    )
    language = models.CharField(_("language"), max_length=8, choices=EU_LANGUAGES)
    state = models.CharField(_("state"), max_length=16, choices=RequestState.choices, default=RequestState.OPEN)
    vote_count = models.PositiveIntegerField(_("asked by"), default=0)  # kept by the services: the queue sorts by it
    decline_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")
        constraints = [
            # One live request per resource and language; declined ones stay as history.
            models.UniqueConstraint(
                fields=["resource_key", "language"], condition=models.Q(state__in=["open", "accepted"]),
                name="one_live_translation_request_per_language",
            ),
        ]
        indexes = [models.Index(fields=["state", "-vote_count"])]

    def __str__(self):
        return f"{self.resource.title} → {self.get_language_display()}"

    @property
    def reaches_threshold(self) -> bool:
        return self.vote_count >= settings.TRANSLATION_REQUEST_THRESHOLD


class TranslationVote(models.Model):
    """One person's ask; the first vote is the request's author."""

    request = models.ForeignKey(TranslationRequest, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="one_vote_per_user_and_request")]


class JobState(models.TextChoices):
    ASSIGNED = "assigned", _("With the translator")
    DELIVERED = "delivered", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("translation job", "Cancelled")


ACTIVE_JOB_STATES = (JobState.ASSIGNED, JobState.DELIVERED)


class TranslationJob(models.Model):
    """The accepted work of translating one page into one language."""

    source_page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    target_locale = models.ForeignKey("wagtailcore.Locale", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(TranslationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="job")
    localize_translation = models.ForeignKey(
        "wagtail_localize.Translation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # SET_NULL: a translator who erases their account leaves the job's history without their name.
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("translator"), null=True, on_delete=models.SET_NULL,
        related_name="translation_jobs",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="translation_reviews", help_text=_("Leave empty to let any reviewer take it."),
    )
    due_date = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=16, choices=JobState.choices, default=JobState.ASSIGNED)
    note = models.TextField(_("note"), blank=True, help_text=_("The last word from the translator or the reviewer."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["due_date", "pk"]
        permissions = [
            ("manage_translations", "Can accept or decline requests and assign translation jobs"),
            ("review_translations", "Can review and publish translations"),
            ("translate_translations", "Can be given translation jobs"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_page", "target_locale"], condition=models.Q(state__in=["assigned", "delivered"]),
                name="one_active_job_per_page_and_language",
            ),
        ]

    def __str__(self):
        return f"{self.source_page.title} → {self.target_locale.get_display_name()}"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_JOB_STATES


class TranslationEvent(models.Model):
    """The audit trail: every transition of a request or a job, with who and when."""

    request = models.ForeignKey(TranslationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    job = models.ForeignKey(TranslationJob, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

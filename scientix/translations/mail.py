"""The mails of translation on demand, each in its recipient's language, sent after the transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from scientix.accounts.roles import TRANSLATION_REVIEWER


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(user, event: str, context: dict) -> tuple[str, str, None, list[str]] | None:
    if user is None or not user.email or not user.is_active:
        return None
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {**context, "user": user}
        subject = " ".join(render_to_string(f"translations/email/{event}_subject.txt", context).split())
        body = render_to_string(f"translations/email/{event}_message.txt", context)
    return subject, body, None, [user.email]


def _send(recipients, event: str, context: dict) -> None:
    messages = [m for m in (_message(user, event, context) for user in recipients) if m]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def _askers(translation_request):
    return get_user_model().objects.filter(translation_votes__request=translation_request).order_by("pk")


def _job_url(job) -> str:
    return _absolute(reverse("translations_admin:job", args=[job.pk]))


def tell_askers_published(*, translation_request, page) -> None:
    _send(_askers(translation_request), "published", {
        "title": page.title, "language": translation_request.language, "page_url": page.full_url,
    })


def tell_askers_declined(*, translation_request) -> None:
    resource = translation_request.resource
    _send(_askers(translation_request), "declined", {
        "title": resource.title, "language": translation_request.language,
        "reason": translation_request.decline_reason, "page_url": resource.full_url,
    })


def tell_translator_assigned(*, job) -> None:
    _send([job.translator], "assigned", {"job": job, "title": job.source_page.title,
                                         "language": job.target_locale.language_code, "job_url": _job_url(job)})


def tell_translator_returned(*, job) -> None:
    _send([job.translator], "returned", {"job": job, "title": job.source_page.title,
                                         "language": job.target_locale.language_code, "job_url": _job_url(job)})


def tell_reviewers_delivered(*, job) -> None:
    if job.reviewer_id:
        reviewers = [job.reviewer]
    else:
        # No reviewer named: the members of the reviewers' role (editors, who may review too, are not mailed).
        reviewers = (get_user_model().objects.filter(is_active=True, groups__name=TRANSLATION_REVIEWER.name)
                     .exclude(pk=job.translator_id).distinct())
    _send(reviewers, "delivered", {"job": job, "title": job.source_page.title,
                                   "language": job.target_locale.language_code, "job_url": _job_url(job)})

"""Tell the submitter, by e-mail in their language, at each moderation step."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _notify(state, event: str, comment: str = "") -> None:
    page = state.content_object.specific if state.content_object else None
    submitter = getattr(page, "submitted_by", None)
    if submitter is None or not submitter.email:
        return
    language = submitter.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": submitter, "page": page, "comment": comment,
            "page_url": page.full_url if page.live else "",
            "submissions_url": settings.SITE_URL + reverse("submissions:mine"),
        }
        subject = render_to_string(f"submissions/email/{event}_subject.txt", context).strip()
        body = render_to_string(f"submissions/email/{event}_message.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [submitter.email]))


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    _notify(instance, "submitted")


def on_workflow_approved(sender, instance, user=None, **kwargs):
    _notify(instance, "approved")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    from scientix.submissions.models import Declined

    declined = Declined.objects.filter(page_id=instance.object_id).first()
    if declined is not None:
        _notify(instance, "declined", comment=declined.reason)
        return
    last = instance.task_states.order_by("-started_at").first()
    _notify(instance, "changes_requested", comment=last.get_comment() if last else "")


def connect() -> None:
    from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

    workflow_submitted.connect(on_workflow_submitted, dispatch_uid="submissions_submitted")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="submissions_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="submissions_rejected")

"""Reads for submissions: what a user sent and where it stands."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from scientix.projects.models import ProjectPage
from scientix.resources.models import ResourcePage

STATUS_LABELS = {
    "published": _("Published"),
    "in_moderation": _("Waiting for an editor"),
    "needs_changes": _("Changes requested"),
    "declined": _("Declined"),
    "draft": _("Draft"),
}


@dataclass(frozen=True)
class SubmissionStatus:
    page: Page
    status: str
    comment: str

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def user_submissions(*, user) -> list[SubmissionStatus]:
    """Everything ``user`` submitted, newest first, with its moderation status."""
    from scientix.events.models import EventPage

    pages = [
        page for model in (ProjectPage, ResourcePage, EventPage)
        for page in model.objects.filter(submitted_by=user).select_related("locale")
    ]
    from scientix.submissions.models import Declined

    declined = dict(Declined.objects.filter(page__in=[page.pk for page in pages]).values_list("page_id", "reason"))
    states = {}
    for state in WorkflowState.objects.filter(
        object_id__in=[str(page.pk) for page in pages], base_content_type__model="page"
    ).order_by("created_at").prefetch_related("task_states"):
        states[state.object_id] = state  # the latest state wins
    result = []
    for page in sorted(pages, key=lambda p: p.first_published_at or p.latest_revision_created_at, reverse=True):
        state = states.get(str(page.pk))
        comment = ""
        if page.pk in declined:
            status, comment = "declined", declined[page.pk]
        elif state and state.status == WorkflowState.STATUS_IN_PROGRESS:
            status = "in_moderation"
        elif state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            status = "needs_changes"
            last = state.task_states.order_by("-started_at").first()
            comment = last.get_comment() if last else ""
        elif page.live:
            status = "published"
        else:
            status = "draft"
        result.append(SubmissionStatus(page=page, status=status, comment=comment))
    return result


def submissions_export(*, user) -> list[dict]:
    return [
        {"title": item.page.title, "type": item.page.specific_class._meta.model_name, "language": item.page.locale.language_code,
         "status": item.status, "url": item.page.full_url if item.page.live else None}
        for item in user_submissions(user=user)
    ]

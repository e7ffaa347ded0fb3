from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page


class RepositoryReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, plus a final "Decline" beside "Request changes".

    Request changes sends the submission back to its author to fix; Decline
    closes it for good (the draft and its history are kept, it is never
    published), with the reason the author receives.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions.append(("decline", _("Decline"), True))
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "decline":
            return super().on_action(task_state, user, action_name, **kwargs)
        with transaction.atomic():
            Declined.objects.update_or_create(
                page_id=task_state.workflow_state.object_id,
                defaults={"reason": kwargs.get("comment", ""), "declined_by": user},
            )
            # Rejecting ends the task; our signal handler sees the Declined row and says so.
            task_state.reject(user=user, comment=kwargs.get("comment", ""))

    @classmethod
    def get_description(cls):
        return _("Editors approve, ask for changes, or decline a submission")

    class Meta:
        verbose_name = _("repository review")
        verbose_name_plural = _("repository reviews")


class Declined(models.Model):
    """A submission an editor declined for good, with the reason its author was given."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="declined")
    reason = models.TextField(blank=True)
    declined_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    declined_at = models.DateTimeField(auto_now=True)

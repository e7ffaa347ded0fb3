"""Who Wagtail's moderation mails go to: the one place that bends them, for submissions and bulk work.

Wagtail mails every reviewer for every page entering moderation, and mails a page's author
when it is approved or rejected. Submitters without admin access get our own translated mails
instead (signals.py); bulk writers (the harvester) create thousands of drafts at once, which
would mean thousands of mails per editor: they wrap their work in ``moderation_mail_quiet()``
and the drafts wait in the editors' "Awaiting your review" list.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_QUIET = ContextVar("moderation_mail_quiet", default=False)


@contextmanager
def moderation_mail_quiet():
    """Within this block (this thread or task only), pages entering moderation mail no reviewer."""
    _install()
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def _install() -> None:
    """Replace Wagtail's two "submitted" notifiers (once per process) by ones that respect the block above."""
    from wagtail.admin import signal_handlers as admin_handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_submitted

    notifiers = [
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
         admin_handlers.task_submission_email_notifier),
        (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
         admin_handlers.workflow_submission_email_notifier),
    ]
    for signal, sender, dispatch_uid, notifier in notifiers:
        if signal.disconnect(sender=sender, dispatch_uid=dispatch_uid):
            signal.connect(_unless_quiet(notifier), sender=sender, weak=False, dispatch_uid=f"quiet-{dispatch_uid}")


def _unless_quiet(notifier):
    def receiver(sender, **kwargs):
        if not _QUIET.get():
            return notifier(sender=sender, **kwargs)
        return None

    return receiver


def admin_mail_off_for_submitter(user) -> None:
    """People without admin access get our own, translated e-mails, not Wagtail's admin ones."""
    from wagtail.users.models import UserProfile

    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])

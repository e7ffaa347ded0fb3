"""Background jobs (Django's task API): one batch of recipients per task, and the scheduled run.

``manage.py send_digests`` and ``send_due_task`` call the same service, so a
cron line and the task worker do exactly the same thing.
"""

from django_tasks import task


@task()
def send_batch_task(issue_id: int, first_pk: int, last_pk: int) -> dict:
    from scientix.newsletters.services import issue_batch_send

    return issue_batch_send(issue_id=issue_id, first_pk=first_pk, last_pk=last_pk)


@task()
def send_due_task() -> list[str]:
    """Everything due now: digests, scheduled newsletters, stalled runs, retries. Returns the issue keys."""
    from django.utils import timezone

    from scientix.newsletters.services import deliveries_retry, issue_enqueue, issues_due

    issues = issues_due(now=timezone.now())
    for issue in issues:
        issue_enqueue(issue=issue)
    deliveries_retry()
    return [issue.key for issue in issues]

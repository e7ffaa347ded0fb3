"""Send whatever is due: this period's digests, scheduled thematic newsletters, stalled runs, retries.

What cron (or ``newsletters.tasks.send_due_task``) runs, e.g. every hour.
Batches go to the task queue (``manage.py db_worker`` sends them); with the
immediate backend they are sent before the command returns.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from scientix.newsletters import services


class Command(BaseCommand):
    help = "Queue (or send) every digest and thematic newsletter that is due."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["weekly", "monthly"], help="only this digest (default: both)")
        parser.add_argument("--now", help="act as if it were this time (ISO 8601), e.g. to send a past period")

    def handle(self, *args, frequency, now, verbosity, **options):
        moment = self._moment(now)
        frequencies = (frequency,) if frequency else ("weekly", "monthly")
        issues = services.issues_due(now=moment, frequencies=frequencies)
        if not issues:
            self.stdout.write("Nothing due.")
        for issue in issues:
            self.stdout.write(f"{issue.key}: queueing batches...")

            def progress(number, total, key=issue.key):
                if verbosity >= 1:
                    self.stdout.write(f"\r{key}: batch {number}/{total}", ending="")
                    self.stdout.flush()

            total = services.issue_enqueue(issue=issue, progress=progress)
            issue.refresh_from_db()
            self.stdout.write(f"\n{issue.key}: {total} batch(es) queued; {issue.batches_done} done, "
                              f"{issue.deliveries.filter(status='sent').count()} mail(s) sent so far.")
        retried = services.deliveries_retry()  # back-off is real time, whatever --now says
        if retried["sent"] or retried["failed"]:
            self.stdout.write(f"Retries: {retried['sent']} sent, {retried['failed']} failed again.")

    @staticmethod
    def _moment(value: str | None) -> datetime:
        if not value:
            return timezone.now()
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError("--now must be an ISO 8601 date and time, e.g. 2026-12-07T08:00:00+01:00")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

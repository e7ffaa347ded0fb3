"""Background jobs: the scheduled harvest and the admin's "Harvest now" (Django's task API, django-tasks).

The database queue runs them (``manage.py db_worker``). Nothing enqueues
``harvest_due_task`` by itself: a cron line or systemd timer does, every hour
(see the README), and each source is harvested when its interval has passed.
"""

from django_tasks import task


@task()
def harvest_due_task() -> list[int]:
    """Harvest every enabled source that is due; the ids of the runs made."""
    from scientix.harvest.services import harvest_due

    return [run.pk for run in harvest_due()]


@task()
def harvest_source_task(source_id: int) -> int | None:
    """Harvest one source now, due or not (the admin's "Harvest now"); the run's id, None if one was running."""
    from scientix.harvest.models import HarvestSource
    from scientix.harvest.services import harvest_run

    source = HarvestSource.objects.filter(pk=source_id).first()
    if source is None:
        return None
    run = harvest_run(source=source, progress=False)
    return run.pk if run else None

"""manage.py harvest [SOURCE ...]: harvest OAI-PMH sources now (staff tool; cron runs it with --due)."""

from django.core.management.base import BaseCommand, CommandError

from scientix.harvest.models import HarvestSource, RunStatus
from scientix.harvest.selectors import sources_named
from scientix.harvest.services import harvest_due, harvest_run


class Command(BaseCommand):
    help = (
        "Harvest OAI-PMH sources incrementally (from each source's last datestamp) and print each run's report. "
        "Without SOURCE: every enabled source. Exits with status 1 if a run failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", metavar="SOURCE", help="a source's name or id")
        parser.add_argument("--due", action="store_true",
                            help="only the enabled sources whose interval has passed (for cron)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, sources: list[str], due: bool, no_progress: bool, **options):
        progress = not no_progress
        if due:
            if sources:
                raise CommandError("Give sources or --due, not both.")
            runs = harvest_due(stdout=self.stdout, progress=progress)
        else:
            if sources:
                chosen, unknown = sources_named(names=sources)
                if unknown:
                    raise CommandError(f"No harvest source is named or numbered: {', '.join(unknown)}")
            else:
                chosen = list(HarvestSource.objects.filter(enabled=True))
            runs = []
            for source in chosen:
                self.stdout.write(f"Harvesting {source} ({source.base_url})")
                run = harvest_run(source=source, stdout=self.stdout, progress=progress)
                if run is None:
                    self.stderr.write(f"{source}: a run is already in progress; skipped.")
                else:
                    runs.append(run)
        for run in runs:
            self.stdout.write(run.summary())
        if not runs:
            self.stdout.write("Nothing to harvest.")
        failed = [run for run in runs if run.status == RunStatus.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} harvest run(s) failed.")

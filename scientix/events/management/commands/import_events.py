"""manage.py import_events PATH [--language xx]: publish the events of .ics files (staff tool)."""

from django.core.management.base import CommandError

from scientix.core.management_base import ImportCommand
from scientix.events.importers import events_import
from scientix.languages import LANGUAGE_CODES


class Command(ImportCommand):
    help = (
        "Import events from an iCalendar (.ics) file, or from every .ics file in a folder, into the events list "
        "of one language. Re-running updates events by their UID; bad calendars and events are skipped with "
        "their reason."
    )
    path_help = "an .ics file, or a folder of .ics files"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--language", default="en", help="the language of the events' text (default: en)")

    def handle(self, *args, path, no_progress: bool, language: str, **options):
        if language not in LANGUAGE_CODES:
            raise CommandError(f"{language} is not one of the portal's languages.")
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = events_import(path=path, stdout=self.stdout, progress=not no_progress, language=language)
        self.stdout.write(report.summary())

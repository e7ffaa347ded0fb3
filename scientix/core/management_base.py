"""What the import commands share: a PATH, an optional progress bar, the report at the end."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class ImportCommand(BaseCommand):
    """Subclasses name their ``importer``: a function(path=, stdout=, progress=) returning an ImportReport."""

    importer = None
    path_help = "a file, or a folder of such files"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=self.path_help)
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, path: Path, no_progress: bool, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = self.importer(path=path, stdout=self.stdout, progress=not no_progress)
        self.stdout.write(report.summary())

"""manage.py import_resources PATH: publish the resources in a file or folder (staff tool)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scientix.resources.importers import resources_import


class Command(BaseCommand):
    help = (
        "Import resources from a CSV, JSON or IEEE LOM XML file, or from every such file in a folder: our own "
        "format, LOM records or the XTEC eXeLearning catalogue. Re-running updates; bad records are skipped "
        "with their reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a file, or a folder of .csv, .json and .xml files")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, path: Path, no_progress: bool, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = resources_import(path=path, stdout=self.stdout, progress=not no_progress)
        self.stdout.write(report.summary())

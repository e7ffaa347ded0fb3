"""manage.py import_projects PATH: publish the projects in a file or folder (staff tool)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scientix.projects.importers import projects_import


class Command(BaseCommand):
    help = (
        "Import projects from a CSV or JSON file, or from every .csv and .json file in a folder: our own "
        "format, CORDIS project exports or the JRC citizen-science inventory. Re-running updates; "
        "bad records are skipped with their reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a file, or a folder of .csv and .json files")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, path: Path, no_progress: bool, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = projects_import(path=path, stdout=self.stdout, progress=not no_progress)
        self.stdout.write(report.summary())

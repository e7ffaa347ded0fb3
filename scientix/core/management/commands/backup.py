from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scientix.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz (default: var/backups/scientix-<time>.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write the archive")

    def handle(self, *args, path=None, **options):
        target = Path(path or f"var/backups/scientix-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz")
        try:
            manifest = backup_create(path=target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = target.stat().st_size / 1024 / 1024
        self.stdout.write(f"Backed up the {manifest.engine} database and {manifest.media_files} uploaded files "
                          f"to {target} ({size:.1f} MB).")

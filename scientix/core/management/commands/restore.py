from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scientix.core.backup import BackupError, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = ("Replace the database and the uploaded files with a backup made by 'manage.py backup'. "
            "What is replaced is kept first (var/backups/).")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .tar.gz made by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="really replace the current data")
        parser.add_argument("--keep-dir", default="var/backups", help="where to keep what is replaced")

    def handle(self, *args, path: str, yes: bool, keep_dir: str, **options):
        try:
            manifest = backup_read_manifest(path=Path(path))
            if not yes:
                raise CommandError(f"{path} is a {manifest.engine} backup of {manifest.created_at} with "
                                   f"{manifest.media_files} uploaded files. Restoring replaces the current database "
                                   "and files: run again with --yes.")
            backup_restore(path=Path(path), keep_dir=Path(keep_dir), stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path} ({manifest.engine}, made {manifest.created_at}).")

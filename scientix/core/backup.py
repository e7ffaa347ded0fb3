"""Back up and restore the whole portal: the database and the uploaded files, in one .tar.gz.

The database is copied with its engine's own tool, so the copy is consistent while the
portal runs: SQLite's online backup API, or ``pg_dump --format=custom`` (restored with
``pg_restore --clean``). Uploaded files (MEDIA_ROOT) go in beside it, with a manifest
saying what the archive holds. A restore replaces both, keeps what it replaces
(a backup of the database taken just before, and the old media folder renamed), then
runs ``migrate`` so an archive from an older release comes up to date.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """An archive that cannot be made or restored, with the reason in words."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    migrations: dict[str, str]  # app label -> last applied migration
    media_files: int


def backup_create(*, path: Path) -> Manifest:
    """Write the database and the uploaded files to ``path`` (.tar.gz)."""
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[engine]
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)  # consistent even while others write
            target.close()
        else:
            _postgres("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump),
                      connection.settings_dict["NAME"])
        media = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
        manifest = Manifest(engine=engine, created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                            migrations=_applied_migrations(), media_files=len(media))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")  # never a half-written archive under the real name
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps({"format": FORMAT, **manifest.__dict__}, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for file in media:
                archive.add(file, arcname=f"media/{file.relative_to(media_root).as_posix()}")
        partial.replace(path)
    return manifest


def backup_read_manifest(*, path: Path) -> Manifest:
    """Check that ``path`` is one of our archives, for this engine and not from a newer release."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.getmember(MANIFEST)
            data = json.load(archive.extractfile(member))
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except (tarfile.TarError, KeyError, OSError, ValueError, EOFError) as error:
        raise BackupError(f"{path} is not a Scientix backup (a .tar.gz made by manage.py backup): {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} has an unknown backup format: {data.get('format') if isinstance(data, dict) else data!r}.")
    data.pop("format")
    try:
        manifest = Manifest(**data)
    except TypeError as error:
        raise BackupError(f"{path} has a damaged manifest: {error}") from None
    if manifest.engine != _engine():
        raise BackupError(f"{path} holds a {manifest.engine} database; this portal runs on {_engine()}. "
                          "Restore it with the same engine (then move data across with dumpdata/loaddata if need be).")
    known = _known_migrations()
    newer = sorted(f"{app}.{name}" for app, name in manifest.migrations.items() if name not in known.get(app, set()))
    if newer:
        raise BackupError(f"{path} comes from a newer release (migrations unknown here: {', '.join(newer[:5])}). "
                          "Restore it with that release or a later one.")
    return manifest


def backup_restore(*, path: Path, keep_dir: Path, stdout=None) -> Manifest:
    """Replace the database and the uploaded files with those in ``path``.

    What is replaced is kept in ``keep_dir``: a backup of the database as it was, and the media folder.
    """
    manifest = backup_read_manifest(path=path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")  # two restores in one second keep both
    keep_dir.mkdir(parents=True, exist_ok=True)
    safety = keep_dir / f"before-restore-{stamp}.tar.gz"
    backup_create(path=safety)
    if stdout:
        stdout.write(f"The portal as it was is kept in {safety}\n")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        work = Path(work)
        try:
            # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
            archive.extractall(work, filter="data")
        except tarfile.FilterError as error:
            raise BackupError(f"{path} contains a file that would be written outside its folder: {error}") from None
        dump = work / DUMPS[manifest.engine]
        if not dump.exists():
            raise BackupError(f"{path} has no {dump.name}.")
        _restore_database(dump, manifest.engine)
        restored_media = work / "media"
        if media_root.exists():
            media_root.rename(keep_dir / f"media-before-restore-{stamp}")
        if restored_media.exists():
            shutil.copytree(restored_media, media_root)
        else:
            media_root.mkdir(parents=True)
    call_command("migrate", interactive=False, verbosity=0)  # an archive from an older release comes up to date
    cache.clear()  # sitemaps, search snapshots and rate limits were about the replaced data
    return manifest


def _restore_database(dump: Path, engine: str) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        with source:
            source.backup(connection.connection)  # page by page into the live database
        source.close()
    else:
        connection.close()  # pg_restore drops and recreates the tables: hold no lock on them
        _postgres("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  "--exit-on-error", "--dbname", connection.settings_dict["NAME"], str(dump))


def _postgres(tool: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the configured server (the password through the environment)."""
    db = connection.settings_dict
    flags = [f"--{flag}={db[key]}" for flag, key in (("host", "HOST"), ("port", "PORT"), ("username", "USER")) if db.get(key)]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    try:
        subprocess.run([tool, *flags, *args], env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{tool} failed: {error.stderr.strip()[-2000:]}") from None


def _engine() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _applied_migrations() -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return latest


def _known_migrations() -> dict[str, set[str]]:
    from django.db.migrations.loader import MigrationLoader

    known: dict[str, set[str]] = {}
    for app, name in MigrationLoader(connection, ignore_no_migrations=True).disk_migrations:
        known.setdefault(app, set()).add(name)
    return known


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))

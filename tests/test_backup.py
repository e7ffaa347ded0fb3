"""manage.py backup / restore: the database and the uploaded files come back as they were, on both engines."""

import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scientix.resources.models import ResourcePage
from tests.conftest import publish_resource

pytestmark = pytest.mark.postgres  # pg_dump / pg_restore on PostgreSQL, the online backup API on SQLite


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def quiet(*args, **kwargs):
    call_command(*args, **kwargs, stdout=io.StringIO())


def test_a_restore_brings_back_the_database_and_the_files(site, media, tmp_path):
    publish_resource("Before the backup")
    (media / "documents").mkdir()
    (media / "documents" / "worksheet.pdf").write_bytes(b"%PDF-1.4 before")
    archive = tmp_path / "portal.tar.gz"
    quiet("backup", str(archive))

    ResourcePage.objects.get(title="Before the backup").delete()
    publish_resource("After the backup")
    (media / "documents" / "worksheet.pdf").write_bytes(b"%PDF-1.4 changed")
    (media / "later.txt").write_text("uploaded after the backup")

    keep = tmp_path / "kept"
    quiet("restore", str(archive), "--yes", "--keep-dir", str(keep))

    assert list(ResourcePage.objects.values_list("title", flat=True)) == ["Before the backup"]
    assert ResourcePage.objects.get().live
    assert (media / "documents" / "worksheet.pdf").read_bytes() == b"%PDF-1.4 before"
    assert not (media / "later.txt").exists()
    # Nothing is lost: the replaced files and a backup of the replaced database are kept.
    kept_media = next(keep.glob("media-before-restore-*"))
    assert (kept_media / "later.txt").read_text() == "uploaded after the backup"
    safety = next(keep.glob("before-restore-*.tar.gz"))
    quiet("restore", str(safety), "--yes", "--keep-dir", str(keep))
    assert sorted(ResourcePage.objects.values_list("title", flat=True)) == ["After the backup"]


def test_restore_asks_for_yes_and_changes_nothing_without_it(site, media, tmp_path):
    publish_resource("Kept")
    archive = tmp_path / "portal.tar.gz"
    quiet("backup", str(archive))
    publish_resource("Also kept")
    with pytest.raises(CommandError, match="--yes"):
        quiet("restore", str(archive))
    assert ResourcePage.objects.count() == 2


def _archive(path, members: dict[str, bytes]):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _manifest(**changes) -> bytes:
    from django.db import connection

    data = {"format": 1, "engine": connection.vendor, "created_at": "2026-01-01T00:00:00+00:00",
            "migrations": {}, "media_files": 0, **changes}
    return json.dumps(data).encode()


@pytest.mark.parametrize("case, message", [
    ("missing", "does not exist"),
    ("not an archive", "not a Scientix backup"),
    ("no manifest", "not a Scientix backup"),
    ("future format", "unknown backup format"),
    ("other engine", "holds a oracle database"),
    ("newer release", "newer release"),
    ("escaping file", "outside its folder"),
    ("no database", "has no database"),
])
def test_restore_refuses_what_it_cannot_trust_and_changes_nothing(site, media, tmp_path, case, message):
    from django.db import connection

    publish_resource("Still here")
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[connection.vendor]
    path = tmp_path / "bad.tar.gz"
    if case == "not an archive":
        path.write_bytes(b"hello, not a tar")
    elif case == "no manifest":
        _archive(path, {"readme.txt": b"x"})
    elif case == "future format":
        _archive(path, {"manifest.json": _manifest(format=2)})
    elif case == "other engine":
        _archive(path, {"manifest.json": _manifest(engine="oracle")})
    elif case == "newer release":
        _archive(path, {"manifest.json": _manifest(migrations={"resources": "9999_from_the_future"})})
    elif case == "escaping file":
        _archive(path, {"manifest.json": _manifest(), dump: b"", "media/../../escaped.txt": b"x"})
    elif case == "no database":
        _archive(path, {"manifest.json": _manifest()})
    with pytest.raises(CommandError, match=message):
        quiet("restore", str(path), "--yes", "--keep-dir", str(tmp_path / "kept"))
    assert list(ResourcePage.objects.values_list("title", flat=True)) == ["Still here"]
    assert not (tmp_path / "escaped.txt").exists()

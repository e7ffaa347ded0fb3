"""Shared machinery for the staff imports of projects and resources.

An import reads files that other people wrote (CSV from spreadsheets, JSON
dumps, XML records), so every record may be wrong in its own way. The rules
that both importers follow live here:

- one bad record never stops the run: it is skipped, and the report says
  where it was (file and line) and why;
- each record is written in its own transaction, so nothing is half-saved;
- records are matched by their source identifier within one language, so a
  second run updates instead of duplicating;
- text is decoded as UTF-8 (with or without BOM), else as Windows-1252, the
  two encodings that spreadsheets in Europe actually produce.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from scientix.core.text import validate_plain_text
from scientix.languages import LANGUAGE_CODES

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class RecordError(Exception):
    """A record cannot be imported; the message is the reason shown to staff."""


# --- The report -------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: counts, and where and why each record was skipped."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)
    # Things staff should know that skipped nothing, e.g. a column that is not read.
    notes: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.rejections)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def reject(self, where: str, reason: str) -> None:
        self.rejections.append((where, reason))

    def summary(self) -> str:
        lines = [
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped."
        ]
        if self.rejections:
            lines.append("Skipped:")
            lines += [f"  {where}: {reason}" for where, reason in self.rejections]
        if self.notes:
            lines.append("Notes:")
            lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)


# --- Progress ---------------------------------------------------------------


def _write(stdout, text: str) -> None:
    # A management command's OutputWrapper appends a newline unless told not to.
    if isinstance(stdout, OutputWrapper):
        stdout.write(text, ending="")
    else:
        stdout.write(text)
    if hasattr(stdout, "flush"):
        stdout.flush()


class ProgressBar:
    """``[#####     ] 512/1024``, redrawn in place with a carriage return.

    Redrawn only when the percentage changes, so that a log file captured
    from a long run stays small.
    """

    width = 30

    def __init__(self, *, total: int, stdout=None):
        self.total, self.stdout, self.done = total, stdout, 0
        self._last_percent = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        percent = 100 * self.done // self.total if self.total else 100
        if self.stdout is None or percent == self._last_percent:
            return
        self._last_percent = percent
        filled = self.width * self.done // self.total
        _write(self.stdout, f"\r[{'#' * filled}{' ' * (self.width - filled)}] {self.done}/{self.total}")

    def finish(self) -> None:
        if self.stdout is not None and self._last_percent is not None:
            _write(self.stdout, "\n")


# --- Reading files ------------------------------------------------------------


@dataclass
class SourceRecord:
    """One record as read from a file, before it is understood.

    ``where`` names it for staff ("projects.csv line 12"); ``shape`` says
    which reader understands ``data``; ``problem`` is set when the record
    was broken already at reading (e.g. more cells than columns).
    """

    where: str
    data: Any
    shape: str = ""
    problem: str = ""


def source_files(path: Path, suffixes: Iterable[str]) -> list[Path]:
    """The file itself, or the files with one of ``suffixes`` directly in the folder, sorted by name."""
    suffixes = {suffix.lower() for suffix in suffixes}
    if path.is_file():
        return [path]
    return sorted(child for child in path.iterdir() if child.is_file() and child.suffix.lower() in suffixes)


def text_read(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was in: UTF-8 (BOM or not), else Windows-1252."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise RecordError("the file is neither UTF-8 nor Windows-1252 text")


def _delimiter(header_line: str) -> str:
    # Spreadsheets in much of Europe save CSV with ';' (',' is the decimal mark).
    # The header holds only column names, so counting there is reliable.
    return max([",", ";", "\t"], key=header_line.count)


def csv_read(path: Path) -> tuple[list[str], list[SourceRecord]]:
    """The header and the rows of a CSV file, each row named by the line it starts on."""
    text, _encoding = text_read(path)
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader, [])]
        records, last_line = [], reader.line_num
        for row in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            record = SourceRecord(where=f"{path.name} line {start}", data=dict(zip(header, row, strict=False)))
            if len(row) > len(header):
                record.problem = f"{len(row)} values for {len(header)} columns (a quote or a '{delimiter}' too many?)"
            records.append(record)
    except csv.Error as error:
        raise RecordError(f"not readable as CSV near line {reader.line_num}: {error}") from error
    return header, records


def json_read(path: Path, *, id_keys: tuple[str, ...] = ()) -> list[SourceRecord]:
    """The records of a JSON file: a list of objects, or an object holding one such list.

    Each is named by its position and, when it has one of ``id_keys``, its
    identifier: "record 14" is hard to find in a file of 500, an id is not.
    """
    text, _encoding = text_read(path)
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"not valid JSON: {error}") from error
    if isinstance(content, dict):
        lists = [value for value in content.values() if isinstance(value, list)]
        content = lists[0] if len(lists) == 1 else [content]
    if not isinstance(content, list):
        raise RecordError("expected a list of records")
    records = []
    for number, item in enumerate(content, start=1):
        record = SourceRecord(where=f"{path.name} record {number}", data=item)
        if not isinstance(item, dict):
            record.problem = "not an object with named fields"
        elif identifier := next((item[key] for key in id_keys if item.get(key) not in (None, "")), None):
            record.where += f" ({identifier})"
        records.append(record)
    return records


# --- Running ------------------------------------------------------------------


def validation_reason(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def records_run(records: list[SourceRecord], handle: Callable[[SourceRecord], str], *, report: ImportReport,
                stdout=None, progress: bool = True) -> ImportReport:
    """Hand each record to ``handle`` (which writes it atomically and says what it did).

    A record's own problem, or any validation or database error while it is
    written, skips that record with the reason and goes on with the next.
    """
    bar = ProgressBar(total=len(records), stdout=stdout if progress else None)
    for record in records:
        try:
            if record.problem:
                raise RecordError(record.problem)
            report.count(handle(record))
        except RecordError as error:
            report.reject(record.where, str(error))
        except ValidationError as error:
            report.reject(record.where, validation_reason(error))
        except DatabaseError as error:
            report.reject(record.where, f"the database refused it: {error}")
        bar.advance()
    bar.finish()
    return report


# --- Cleaning values ----------------------------------------------------------


def _c1_repair(text: str) -> str:
    """Windows-1252 punctuation that was decoded as Latin-1 (U+0080-U+009F) becomes what it meant.

    Real records carry "01 \\x96 Illettrisme": an en dash read with the wrong
    code page. Those code points are invisible controls in Unicode.
    """
    if not any("\x80" <= char <= "\x9f" for char in text):
        return text
    repaired = []
    for char in text:
        if "\x80" <= char <= "\x9f":
            try:
                char = char.encode("latin-1").decode("cp1252")
            except UnicodeDecodeError:
                char = ""
        repaired.append(char)
    return "".join(repaired)


def text_clean(value: Any) -> str:
    """Text from a record: stripped, with uniform line ends and mis-decoded punctuation repaired."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise RecordError(f"expected text where the record has {json.dumps(value, ensure_ascii=False)[:60]}")
    text = value if isinstance(value, str) else str(value)
    return _c1_repair(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def line_clean(value: Any) -> str:
    """A one-line value (title, name): inner whitespace and line breaks collapsed."""
    return " ".join(text_clean(value).split())


def plain_text_check(name: str, value: str) -> None:
    """Apply the portal's plain-text rule (no HTML, no control characters) to a field without a validator."""
    try:
        validate_plain_text(value)
    except ValidationError as error:
        raise RecordError(f"{name}: {' '.join(error.messages)}") from error


def values_split(value: Any) -> list[str]:
    """A list from a JSON list or a ';'-separated CSV cell, blanks dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [text_clean(item) for item in items if text_clean(item)]


def codes_split(value: Any) -> list[str]:
    return [code.lower() for code in values_split(value)]


def date_parse(name: str, value: Any) -> date | None:
    text = text_clean(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise RecordError(f"{name}: '{text}' is not a date (YYYY-MM-DD)") from error


def int_parse(name: str, value: Any) -> int | None:
    text = text_clean(value)
    if not text:
        return None
    if not text.isdigit():
        raise RecordError(f"{name}: '{text}' is not a whole number")
    return int(text)


TRUE_WORDS, FALSE_WORDS = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


def bool_parse(name: str, value: Any, *, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = text_clean(value).lower()
    if not text:
        return default
    if text in TRUE_WORDS | FALSE_WORDS:
        return text in TRUE_WORDS
    raise RecordError(f"{name}: '{text}' is neither yes nor no")


# --- Languages ------------------------------------------------------------------

# ISO 639-2 (bibliographic and terminology) codes of the 24 EU languages:
# library and LOM records often use them ("fre", "ger", "fra-CA").
THREE_LETTER_CODES = {
    "bul": "bg", "cze": "cs", "ces": "cs", "dan": "da", "ger": "de", "deu": "de", "gre": "el", "ell": "el",
    "eng": "en", "spa": "es", "est": "et", "fin": "fi", "fre": "fr", "fra": "fr", "gle": "ga", "hrv": "hr",
    "scr": "hr", "hun": "hu", "ita": "it", "lit": "lt", "lav": "lv", "mlt": "mt", "dut": "nl", "nld": "nl",
    "pol": "pl", "por": "pt", "rum": "ro", "ron": "ro", "slo": "sk", "slk": "sk", "slv": "sl", "swe": "sv",
}


def language_normalise(raw: Any) -> str | None:
    """One of our 24 codes for ``fr``, ``fr-CA``, ``FRE``, ``fra-CA``, ``en_GB``...; None if not an EU language."""
    primary = text_clean(raw).lower().replace("_", "-").split("-", 1)[0]
    if primary in LANGUAGE_CODES:
        return primary
    return THREE_LETTER_CODES.get(primary)


def language_required(raw: Any) -> str:
    text = text_clean(raw)
    if not text:
        raise RecordError("language: missing")
    code = language_normalise(text)
    if code is None:
        raise RecordError(f"language: '{text}' is not one of the 24 official EU languages")
    return code


# --- Vocabularies -------------------------------------------------------------


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


class TermIndex:
    """All vocabulary terms, loaded once per import instead of once per record."""

    def __init__(self):
        from scientix.vocabularies.models import Term

        self.by_code: dict[str, dict[str, Any]] = defaultdict(dict)
        self.by_label: dict[str, dict[str, Any]] = defaultdict(dict)
        for term in Term.objects.all():
            self.by_code[term.vocabulary][term.code] = term
            for label in [term.code, *term.labels.values()]:
                self.by_label[term.vocabulary].setdefault(_label_key(label), term)

    def codes(self, vocabulary: str, codes: list[str], *, name: str) -> list:
        """The terms for ``codes``; an unknown code is an error, never silently dropped."""
        known = self.by_code[vocabulary]
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise RecordError(f"{name}: unknown {vocabulary.replace('_', ' ')} code(s): {', '.join(unknown)}")
        return [known[code] for code in dict.fromkeys(codes)]

    def labelled(self, vocabulary: str, label: str):
        """The term whose code or label (in any language) is ``label``, ignoring case; else None."""
        return self.by_label[vocabulary].get(_label_key(label))

    def licence(self, value: str):
        """The licence term for an SPDX identifier or one of our codes, ignoring case; else None."""
        wanted = value.strip().lower()
        for term in self.by_code["licence"].values():
            if wanted in (term.code.lower(), term.spdx_id.lower()):
                return term
        return None

    def of(self, vocabulary: str) -> list:
        return list(self.by_code[vocabulary].values())


# --- Writing pages ------------------------------------------------------------


class FirstSeen:
    """Remembers where each record key was first met in a run.

    Two rows with one identifier in one language would silently overwrite
    each other; the second is skipped instead, naming the first.
    """

    def __init__(self):
        self._where: dict[tuple, str] = {}

    def claim(self, key: tuple, where: str, *, name: str) -> None:
        first = self._where.setdefault(key, where)
        if first != where:
            raise RecordError(f"{name}: '{key[-1]}' in this language was already imported from {first}")


class IndexPages:
    """The list page of ``model`` in each language, created on first need and then remembered.

    Made outside any record's transaction: a record that fails must not
    roll back a language tree that later records rely on.
    """

    def __init__(self, model):
        self.model, self._pages = model, {}

    def of(self, language: str):
        if language not in self._pages:
            from scientix.pages.services import locale_tree_ensure, repository_sections_ensure

            with transaction.atomic():
                repository_sections_ensure()
                _home, sections = locale_tree_ensure(language=language)
            if self.model not in sections:
                raise RecordError(f"there is no {self.model._meta.verbose_name} page to file it under")
            self._pages[language] = sections[self.model]
        return self._pages[language]


def fields_check(instance, names: Iterable[str]) -> None:
    """Run the model's own field validators (length, URL, plain text...) on ``names`` only.

    The page is not in the tree yet, so tree fields would fail; checking
    before writing gives the staff a reason in the field's own words.
    """
    names = set(names)
    try:
        instance.clean_fields(exclude=[f.name for f in instance._meta.fields if f.name not in names])
    except ValidationError as error:
        raise RecordError(validation_reason(error)) from error


def _slug_for(parent, title: str, fallback: str) -> str:
    base = slugify(title, allow_unicode=True)[:80].strip("-") or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _snapshot(page, fields: dict, relations: dict) -> tuple:
    return (
        tuple(getattr(page, name) for name in fields),
        tuple(tuple(sorted(item.pk for item in getattr(page, name).all())) for name in relations),
    )


def page_upsert(*, model, index_page, key: dict, fields: dict, relations: dict) -> str:
    """Create, update or leave alone the published page of ``model`` matched by ``key`` in the index's language.

    ``fields`` are plain model fields, ``relations`` many-to-many values
    (``terms``, ``partners``). A record whose key exists in another language
    becomes that page's translation (same ``translation_key``): language
    versions share ratings and link to each other. An update that changes
    nothing writes no revision, so re-running an import does not bloat the
    page history (and leaves a page that an editor unpublished unpublished).
    Runs in its own transaction: a failure leaves no trace.
    """
    with transaction.atomic():
        page = model.objects.filter(locale_id=index_page.locale_id, **key).first()
        if page is None:
            page = model(locale_id=index_page.locale_id, **key, **fields)
            fields_check(page, [*key, *fields])
            # The same source record in another language is this page's other language version.
            other_version = model.objects.filter(**key).exclude(locale_id=index_page.locale_id).first()
            if other_version is not None:
                page.translation_key = other_version.translation_key
            page.slug = _slug_for(index_page, fields["title"], model._meta.model_name)
            for name, value in relations.items():
                setattr(page, name, value)
            _add_published(index_page, page)
            return CREATED
        else:
            before = _snapshot(page, fields, relations)
            for name, value in fields.items():
                setattr(page, name, value)
            for name, value in relations.items():
                setattr(page, name, value)
            if _snapshot(page, fields, relations) == before:
                return UNCHANGED
            fields_check(page, fields)
            outcome = UPDATED
        for name, value in relations.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return outcome


def _add_published(index_page, page) -> None:
    """Create ``page`` already live, with one revision, in two writes instead of Wagtail's publish.

    Publishing a brand-new page through ``revision.publish()`` saves it again,
    re-validates it and rewrites its tree data: half the import time. A new
    page has nothing to unpublish or schedule, so set what publishing sets and
    send the same signal, so that anything listening (search, caches) still hears it.
    """
    from django.utils import timezone
    from wagtail.signals import page_published

    now = timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = now
    index_page.add_child(instance=page)
    revision = page.save_revision(clean=False, changed=False)
    type(page).objects.filter(pk=page.pk).update(live_revision=revision, latest_revision=revision)
    page.live_revision = revision
    page_published.send(sender=type(page), instance=page, revision=revision)

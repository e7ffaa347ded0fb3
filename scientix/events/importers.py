"""Import events from iCalendar files (.ics) written by other calendars.

The calendars are other people's files, so each may be wrong in its own way
(broken lines, dates that are not dates, zones nobody defines). The shared
import rules hold (``scientix.core.imports``): a bad calendar or event is
skipped with its reason, each event is written in its own transaction, and
an event is matched by its UID within one language, so a re-run updates.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import nh3
from django.core.validators import URLValidator
from django.core.exceptions import ValidationError
from icalendar import Calendar

from scientix.core.imports import (
    ImportReport, IndexPages, RecordError, SourceRecord, line_clean, page_upsert, plain_text_check, records_run,
    source_files, text_clean,
)
from scientix.events.models import DEFAULT_TIME_ZONE, EventIndexPage, EventPage, EventType, validate_time_zone

# Words in CATEGORIES, LOCATION or SUMMARY that say what kind of event it is; the first match wins.
TYPE_WORDS = [
    (EventType.WEBINAR, ("webinar", "online seminar")),
    (EventType.WORKSHOP, ("workshop", "hackathon", "sprint")),
    (EventType.COURSE, ("course", "training", "class", "mooc", "summer school")),
    (EventType.NETWORKING, ("networking", "social", "meetup", "meet-up", "lunch")),
    (EventType.CAMPAIGN, ("campaign", "week")),
    (EventType.CONFERENCE, ("conference", "congress", "symposium", "seminar")),
]
ONLINE_WORDS = ("online", "virtual", "webinar", "zoom", "teams")
MAX_FILE_BYTES = 5_000_000


def events_import(*, path: Path, stdout=None, progress: bool = True, language: str = "en") -> ImportReport:
    """Publish every event of the .ics file(s) at ``path`` under the events list of ``language``."""
    report = ImportReport()
    records = []
    for file in source_files(Path(path), [".ics", ".ical", ".ifb"]):
        records += _file_records(file, report)
    index_pages = IndexPages(EventIndexPage)
    return records_run(records, lambda record: _record_import(record, index_pages=index_pages, language=language),
                       report=report, stdout=stdout, progress=progress)


def _file_records(file: Path, report: ImportReport) -> list[SourceRecord]:
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise RecordError(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        calendars = Calendar.from_ical(file.read_bytes(), multiple=True)
    except RecordError as error:
        report.reject(file.name, str(error))
        return []
    except Exception as error:  # noqa: BLE001 - any parser failure is the file's fault, reported, never a crash
        report.reject(file.name, f"not a readable iCalendar file ({type(error).__name__}: {str(error)[:200]})")
        return []
    records = []
    for calendar in calendars:
        default_zone = str(calendar.get("X-WR-TIMEZONE") or "")
        for number, event in enumerate(calendar.walk("VEVENT"), 1):
            uid = str(event.get("UID") or "")
            where = f"{file.name} event {number}" + (f" ({uid[:80]})" if uid else "")
            problem = "; ".join(str(error) for error in getattr(event, "errors", []) if error)[:300]
            records.append(SourceRecord(where=where, data=(event, default_zone), shape="vevent",
                                        problem=f"the event is broken: {problem}" if problem else ""))
    if not records:
        report.notes.append(f"{file.name}: no events in this calendar")
    return records


def _record_import(record: SourceRecord, *, index_pages: IndexPages, language: str) -> str:
    event, default_zone = record.data
    try:
        fields = event_fields(event, default_zone=default_zone)
    except RecordError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise RecordError(f"cannot read the event ({type(error).__name__}: {str(error)[:200]})") from error
    uid = fields.pop("source_uid")
    return page_upsert(model=EventPage, index_page=index_pages.of(language), key={"source_uid": uid},
                       fields=fields, relations={})


def event_fields(event, *, default_zone: str = "") -> dict:
    """The EventPage fields of one VEVENT; RecordError when it cannot be an event."""
    uid = line_clean(event.get("UID"))[:255]
    if not uid:
        raise RecordError("the event has no UID, so a second import could not find it again")
    title = line_clean(event.get("SUMMARY"))[:255]
    if not title:
        raise RecordError("the event has no SUMMARY (title)")
    plain_text_check("SUMMARY", title)
    description = _plain(event.get("DESCRIPTION")) or title
    plain_text_check("DESCRIPTION", description)
    location = line_clean(_plain(event.get("LOCATION")))[:255]
    plain_text_check("LOCATION", location)
    when = _when(event, default_zone=default_zone)
    categories = " ".join(_category_words(event))
    words = f"{categories} {location} {title}".lower()
    url = line_clean(event.get("URL"))
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        url = ""
    organiser = event.get("ORGANIZER")
    organiser_name = line_clean(organiser.params.get("CN", "")) if organiser is not None and hasattr(organiser, "params") else ""
    plain_text_check("ORGANIZER", organiser_name)
    return {
        "source_uid": uid, "title": title, "description": description[:10_000], **when,
        "event_type": next((kind for kind, keys in TYPE_WORDS if any(key in words for key in keys)), EventType.CONFERENCE),
        "venue": location, "online": any(word in words for word in ONLINE_WORDS),
        "cancelled": str(event.get("STATUS") or "").upper() == "CANCELLED",
        "registration_url": url[:1000], "organiser": organiser_name[:255],
    }


def _plain(value) -> str:
    """Text as plain text: calendars put HTML (and entities such as &#x3D;) in descriptions."""
    text = text_clean(value)
    if nh3.is_html(text) or "&" in text:
        text = html.unescape(nh3.clean(text.replace("<br>", "\n").replace("<br/>", "\n"), tags=set()))
    return text.strip()


def _category_words(event) -> list[str]:
    found = []
    categories = event.get("CATEGORIES")
    for item in categories if isinstance(categories, list) else [categories] if categories is not None else []:
        found += [str(category) for category in getattr(item, "cats", [])]
    return found


def _zone_name(value: datetime, default_zone: str) -> str:
    tzinfo = value.tzinfo
    if tzinfo is None:  # a "floating" time: read it in the calendar's zone, else ours
        return default_zone if _known_zone(default_zone) else DEFAULT_TIME_ZONE
    name = getattr(tzinfo, "key", None) or getattr(tzinfo, "zone", None) or str(tzinfo)
    if name in ("UTC", "utc", "Z") or value.utcoffset() == timedelta(0) and not _known_zone(name):
        return "UTC"
    if _known_zone(name):
        return name
    # A zone the calendar defines itself (custom VTIMEZONE): keep the instant, shown in UTC.
    return "UTC"


def _known_zone(name: str) -> bool:
    try:
        validate_time_zone(name)
    except ValidationError:
        return False
    return True


def _when(event, *, default_zone: str) -> dict:
    start = event.decoded("DTSTART") if "DTSTART" in event else None
    if start is None:
        raise RecordError("the event has no DTSTART (start)")
    end = event.decoded("DTEND") if "DTEND" in event else None
    if end is None and "DURATION" in event:
        end = start + event.decoded("DURATION")
    if isinstance(start, date) and not isinstance(start, datetime):
        # All-day: DTEND is exclusive, our end date is the last day itself.
        last = (end - timedelta(days=1)) if isinstance(end, date) and not isinstance(end, datetime) and end > start else start
        return {"start_date": start, "start_time": None, "end_date": last, "end_time": None,
                "time_zone": default_zone if _known_zone(default_zone) else DEFAULT_TIME_ZONE}
    if not isinstance(start, datetime):
        raise RecordError("DTSTART is neither a date nor a date-time")
    zone_name = _zone_name(start, default_zone)
    zone = ZoneInfo(zone_name)
    try:
        local_start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
    except (ValueError, OverflowError) as error:
        raise RecordError(f"the start cannot be placed in time ({error})") from error
    if isinstance(end, datetime):
        local_end = end.replace(tzinfo=zone) if end.tzinfo is None else end.astimezone(zone)
    else:
        local_end = local_start
    if local_end < local_start:
        raise RecordError("the event ends before it starts")
    return {"start_date": local_start.date(), "start_time": local_start.time().replace(tzinfo=None),
            "end_date": local_end.date(), "end_time": local_end.time().replace(tzinfo=None), "time_zone": zone_name}

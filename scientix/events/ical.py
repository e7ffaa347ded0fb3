"""Events as iCalendar (RFC 5545), written with the ``icalendar`` library.

Rules calendars rely on:
- UID is the same for every language version and never changes;
- SEQUENCE grows when time, place or status change (``EventSchedule``);
- timed events carry their own zone (DTSTART;TZID=Europe/Lisbon) with a VTIMEZONE;
- all-day events are VALUE=DATE with an exclusive DTEND (the day after the last);
- a cancelled event stays in the feed with STATUS:CANCELLED, so calendars remove it.
"""

from datetime import date, timedelta, timezone as dt_timezone

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from scientix.events.selectors import event_place

PRODID = "-//Scientix//Events calendar//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_component(event, *, sequence: int = 0) -> Event:
    component = Event()
    component.add("uid", event.ical_uid)
    stamp = event.last_published_at or timezone.now()
    component.add("dtstamp", stamp.astimezone(dt_timezone.utc))
    component.add("last-modified", stamp.astimezone(dt_timezone.utc))
    if event.first_published_at:
        component.add("created", event.first_published_at.astimezone(dt_timezone.utc))
    component.add("sequence", sequence)
    component.add("summary", event.title)
    if event.all_day:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_date + timedelta(days=1))
    else:
        component.add("dtstart", event.local_start)
        component.add("dtend", event.local_end)
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    component.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    component.add("description", _description(event))
    place = event_place(event)
    if place:
        component.add("location", place)
    component.add("url", event.full_url)
    component.add("categories", [str(event.get_event_type_display())])
    return component


def _description(event) -> str:
    from django.utils.translation import gettext

    lines = [event.description]
    if event.organiser:
        lines.append(gettext("Organiser: %(name)s") % {"name": event.organiser})
    if event.registration_url:
        lines.append(gettext("Registration: %(url)s") % {"url": event.registration_url})
    return "\n\n".join(line for line in lines if line)


def calendar_of(events: list, *, sequences: dict, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("name", name)
        cal.add("x-published-ttl", timedelta(hours=6))
        cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for event in events:
        cal.add_component(event_component(event, sequence=sequences.get(event.translation_key, 0)))
    timed = [event for event in events if not event.all_day]
    if timed:
        # Zone rules only around the events' own dates: a full 1970-2038 history per zone is long.
        first = min(event.start_date for event in timed) - timedelta(days=366)
        last = max(event.end_date for event in timed) + timedelta(days=366)
        cal.add_missing_timezones(first_date=max(first, date(1970, 1, 1)), last_date=last)
    return cal


def calendar_response(cal: Calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response

"""Reads for the events calendar: the filtered list, the month grid, the feed, JSON-LD.

Events are filtered in SQL rather than through the search index: the list
is about dates (upcoming, past, a range, a month), which the index does not
order by, and a calendar has hundreds of rows, not hundreds of thousands.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from scientix.events.models import EventPage, EventType, EventSchedule
from scientix.languages import EU_LANGUAGES

PAGE_SIZE = 20
MONTH_LIMIT = 500  # events shown in one month at most
FEED_LIMIT = 500
FEED_PAST_DAYS = 90


class EventFilterForm(forms.Form):
    """The list's and the feed's filters. A value that does not validate is ignored, with its error shown."""

    when = forms.ChoiceField(label=_("When"), required=False,
                             choices=[("upcoming", _("Upcoming")), ("past", _("Past"))])
    type = forms.MultipleChoiceField(label=_("Type"), required=False, choices=EventType.choices,
                                     widget=forms.CheckboxSelectMultiple)
    country = forms.MultipleChoiceField(label=_("Country"), required=False, choices=[])
    language = forms.MultipleChoiceField(label=_("Language"), required=False, choices=EU_LANGUAGES)
    online = forms.ChoiceField(label=_("Attendance"), required=False,
                               choices=[("", _("Online or on site")), ("yes", _("Online")), ("no", _("On site"))])
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = list(countries)
        # ?from=2026-01-01&to=2026-03-31 in the address: names Python keeps for itself.
        self.fields["from"] = self.fields.pop("start")
        self.fields["to"] = self.fields.pop("end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the range cannot be before its start."))
            cleaned.pop("to", None)
        return cleaned

    def country_options(self) -> list[tuple[str, str]]:
        """The countries worth offering: those with a live event, and any already chosen.

        Any ISO country still validates; the select just does not list 250 names
        (it was most of the page's rendering time). Cached per version of the page tree.
        """
        from django.core.cache import cache

        from scientix.core.selectors import pages_version

        key = f"events:countries:{pages_version()}"
        codes = cache.get(key)
        if codes is None:
            codes = set(EventPage.objects.live().exclude(country="").values_list("country", flat=True).distinct())
            cache.set(key, codes, timeout=3600)
        chosen = set(getattr(self, "cleaned_data", {}).get("country") or [])
        return [(code, name) for code, name in self.fields["country"].choices if code in codes | chosen]

    def filters(self) -> dict:
        """The valid filters only: the list shows something for any query string."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in (None, "", [])}


def one_version_each(queryset, *, language: str):
    """One language version of each event: the reader's where it exists, else the oldest version.

    The same rule for the list and the feed, so a calendar never gets two
    versions of one event (they share the UID).
    """
    live = EventPage.objects.live()
    in_reader_language = live.filter(translation_key=OuterRef("translation_key"), locale__language_code=language)
    older = live.filter(translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk"))
    return queryset.filter(Q(locale__language_code=language) | (~Exists(in_reader_language) & ~Exists(older)))


def events_filtered(*, filters: dict, language: str):
    queryset = one_version_each(EventPage.objects.live(), language=language)
    if filters.get("type"):
        queryset = queryset.filter(event_type__in=filters["type"])
    if filters.get("country"):
        queryset = queryset.filter(country__in=filters["country"])
    if filters.get("language"):
        spoken = Q()
        for code in filters["language"]:
            # Codes are from a fixed list; the JSON list is matched as text on every database.
            spoken |= Q(languages__icontains=f'"{code}"')
        queryset = queryset.filter(spoken)
    if filters.get("online") == "yes":
        queryset = queryset.filter(online=True)
    elif filters.get("online") == "no":
        queryset = queryset.filter(online=False)
    if filters.get("from"):
        queryset = queryset.filter(end_date__gte=filters["from"])
    if filters.get("to"):
        queryset = queryset.filter(start_date__lte=filters["to"])
    return queryset.select_related("locale")


@dataclass
class EventList:
    page: object  # django.core.paginator.Page of EventPage
    when: str
    total: int


def event_list(*, filters: dict, language: str, page_number) -> EventList:
    """Upcoming (soonest first, ongoing included), past (latest first), or a date range's events, one page."""
    now = timezone.now()
    queryset = events_filtered(filters=filters, language=language)
    # A date range alone means "everything in that range", past or not.
    when = filters.get("when") or ("range" if filters.get("from") or filters.get("to") else "upcoming")
    if when == "range":
        queryset = queryset.order_by("starts_at", "pk")
    elif when == "past":
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
    return EventList(page=page, when=when, total=page.paginator.count)


@dataclass
class Day:
    day: date
    in_month: bool
    events: list = field(default_factory=list)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    weekdays: list[str]
    previous: date
    next: date
    count: int


def month_parse(value: str | None) -> date | None:
    """"2026-12" -> 1 December 2026; anything else (2026-13, garbage) -> None."""
    if not value or len(value) > 7:
        return None
    try:
        parsed = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return parsed if 1900 <= parsed.year <= 2200 else None


def event_month(*, filters: dict, language: str, first: date) -> Month:
    """The month as weeks of days, each day with the events happening on it (local dates)."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    filters = {**filters, "from": first, "to": last}
    events = list(events_filtered(filters=filters, language=language).order_by("starts_at", "pk")[:MONTH_LIMIT])
    first_weekday = int(formats.get_format("FIRST_DAY_OF_WEEK"))  # 0 Sunday, 1 Monday
    # calendar counts Monday as 0; Django's format counts Sunday as 0.
    weeks_calendar = calendar.Calendar(firstweekday=(first_weekday - 1) % 7)
    weeks = []
    for week in weeks_calendar.monthdatescalendar(first.year, first.month):
        days = []
        for day in week:
            days.append(Day(day=day, in_month=day.month == first.month,
                            events=[e for e in events if e.start_date <= day <= e.end_date]))
        weeks.append(days)
    weekdays = [formats.date_format(day.day, "l") for day in weeks[0]]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return Month(first=first, weeks=weeks, weekdays=weekdays, previous=previous, next=following, count=len(events))


def feed_events(*, filters: dict, language: str) -> list[EventPage]:
    """What a subscribed calendar gets: upcoming events and those of the last 90 days, bounded."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    filters = {name: value for name, value in filters.items() if name != "when"}
    queryset = events_filtered(filters=filters, language=language).filter(ends_at__gte=since)
    return list(queryset.order_by("starts_at", "pk")[:FEED_LIMIT])


def event_sequences(*, events: list) -> dict:
    """translation_key -> SEQUENCE, in one query."""
    keys = {event.translation_key for event in events}
    return dict(EventSchedule.objects.filter(translation_key__in=keys).values_list("translation_key", "sequence"))


def event_place(event: EventPage) -> str:
    """The venue as one line of plain text (LOCATION in iCalendar)."""
    parts = [event.venue, event.city, event.country.name if event.country else ""]
    place = ", ".join(str(part) for part in parts if part)
    if event.online:
        online = str(_("Online"))
        if event.online_url:
            online = f"{online}: {event.online_url}"
        place = f"{place} / {online}" if place else online
    return place


def event_instant(event: EventPage, *, end: bool) -> str:
    """ISO 8601: the day for all-day events (the last one, included, for the end), else local time with offset."""
    if event.all_day:
        return (event.end_date if end else event.start_date).isoformat()
    return (event.local_end if end else event.local_start).isoformat()


def event_json_ld(*, event: EventPage) -> dict:
    """schema.org Event: dates with the event's UTC offset, or plain dates for all-day events."""
    if event.online and not (event.city or event.country):
        location = {"@type": "VirtualLocation", "url": event.online_url or event.registration_url or event.full_url}
    else:
        address = {"@type": "PostalAddress", "addressLocality": event.city or None,
                   "addressCountry": event.country.code if event.country else None}
        location = {"@type": "Place", "name": event.venue or event.city or None,
                    "address": {key: value for key, value in address.items() if value}}
        location = {key: value for key, value in location.items() if value}
        if event.online:
            location = [location, {"@type": "VirtualLocation",
                                   "url": event.online_url or event.registration_url or event.full_url}]
    if event.online and (event.city or event.country):
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif event.online:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": event_instant(event, end=False),
        "endDate": event_instant(event, end=True),
        "eventStatus": "https://schema.org/EventCancelled" if event.cancelled else "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": location,
        "organizer": {"@type": "Organization", "name": event.organiser} if event.organiser else None,
        "inLanguage": list(event.languages) or event.locale.language_code,
        "url": event.full_url,
        "audience": [{"@type": "Audience", "audienceType": t.label_in("en")} for t in event.terms_of("target_group")] or None,
        "about": [t.label_in("en") for t in event.terms_of("subject")] or None,
    }
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return {key: value for key, value in data.items() if value is not None}

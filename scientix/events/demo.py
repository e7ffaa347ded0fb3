"""Demo events for ``manage.py load_demo``: a few of each kind, dated from today so the list is never empty.

Matched by a ``demo-`` source UID, so a second run updates them (their dates move with today).
"""

from datetime import date, time, timedelta

from scientix.core.imports import ImportReport, IndexPages, page_upsert
from scientix.events.models import EventIndexPage, EventPage, EventType

# (uid, title, type, days from today, days long, start, end, zone, city, country, online, languages, description)
DEMO_EVENTS = [
    ("demo-stem-conference", "STEM Teachers Conference", EventType.CONFERENCE, 40, 2, time(9), time(17),
     "Europe/Brussels", "Brussels", "BE", False, ["en", "fr"],
     "Two days of talks and hands-on sessions for science, technology, engineering and maths teachers."),
    ("demo-coding-webinar", "Teaching coding with micro:bit", EventType.WEBINAR, 7, 0, time(16), time(17, 30),
     "Europe/Lisbon", "", "", True, ["en", "pt"],
     "A one-hour webinar with classroom ideas for the micro:bit, followed by questions."),
    ("demo-climate-workshop", "Climate science in the classroom", EventType.WORKSHOP, 21, 0, time(10), time(13),
     "Europe/Berlin", "Berlin", "DE", False, ["de"],
     "Experiments on the greenhouse effect that fit in one lesson, tried out together."),
    ("demo-eu-code-week", "EU Code Week", EventType.CAMPAIGN, 60, 13, None, None,
     "Europe/Brussels", "", "", True, ["en"],
     "Schools across Europe run coding activities for two weeks; register yours on the map."),
    ("demo-networking-evening", "Science teachers' networking evening", EventType.NETWORKING, -20, 0, time(18),
     time(21), "Europe/Rome", "Rome", "IT", False, ["it", "en"],
     "Meet teachers who took part in European STEM projects and hear what worked."),
    ("demo-inquiry-course", "Inquiry-based science education (online course)", EventType.COURSE, 90, 27, None, None,
     "Europe/Brussels", "", "", True, ["en", "es"],
     "A four-week course on planning inquiry lessons, with peer feedback each week."),
]


def events_demo_load() -> ImportReport:
    report = ImportReport()
    index_pages = IndexPages(EventIndexPage)
    today = date.today()
    for uid, title, kind, offset, length, start, end, zone, city, country, online, languages, description in DEMO_EVENTS:
        first = today + timedelta(days=offset)
        fields = {
            "title": title, "description": description, "event_type": kind, "start_date": first, "start_time": start,
            "end_date": first + timedelta(days=length), "end_time": end, "time_zone": zone, "city": city,
            "country": country, "online": online, "languages": languages, "organiser": "Scientix",
            "registration_url": "https://www.scientix.eu/",
        }
        report.count(page_upsert(model=EventPage, index_page=index_pages.of("en"), key={"source_uid": uid},
                                 fields=fields, relations={}))
    return report


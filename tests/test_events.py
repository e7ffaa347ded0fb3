"""The events calendar: list, month view, filters, iCalendar export and feed, JSON-LD, suggestions, import."""

import datetime
import json
import re
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import WorkflowState

from scientix.events.models import EventIndexPage, EventPage, EventSchedule
from tests.conftest import make_user, publish_project, terms, translate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
REAL_EVENTS = Path("/work/shared/data/events-ical")
EDGE_CASES = Path("/work/shared/data/ical-parser-edgecases-icalendar")


def publish_event(title: str, *, language: str = "en", start_date=None, start_time=datetime.time(14, 0),
                  end_date=None, end_time=datetime.time(16, 0), audiences=(), **fields) -> EventPage:
    """A live event in ``language`` under that language's events list (timed, in Lisbon, unless told)."""
    from scientix.pages.services import locale_tree_ensure

    _home, sections = locale_tree_ensure(language=language)
    start_date = start_date or TODAY + 10 * DAY
    fields.setdefault("time_zone", "Europe/Lisbon")
    fields.setdefault("city", "Lisbon")
    fields.setdefault("country", "PT")
    page = EventPage(title=title, description=fields.pop("description", f"About {title}."), start_date=start_date,
                     start_time=start_time, end_date=end_date or start_date, end_time=end_time, **fields)
    sections[EventIndexPage].add_child(instance=page)
    page.terms = terms("target_group", *audiences) if audiences else []
    page.save_revision().publish()
    return page


def titles(response) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def json_ld(response) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S).group(1))


def calendar(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def agenda(db):
    return {
        "stem": publish_event("STEM teachers conference", event_type="conference", languages=["en", "pt"],
                              organiser="European Schoolnet", registration_url="https://example.org/register"),
        "webinar": publish_event("Coding webinar", event_type="webinar", online=True, city="", country="",
                                 online_url="https://meet.example.org/coding", start_date=TODAY + 3 * DAY,
                                 time_zone="Europe/Brussels", languages=["fr"]),
        "week": publish_event("Science week", event_type="campaign", start_time=None, end_time=None,
                              start_date=TODAY + 20 * DAY, end_date=TODAY + 24 * DAY, city="Berlin", country="DE",
                              time_zone="Europe/Berlin", languages=["de"]),
        "old": publish_event("Robotics workshop 2020", event_type="workshop", start_date=datetime.date(2020, 3, 5),
                             city="Brno", country="CZ", time_zone="Europe/Prague"),
    }


# --- The list ------------------------------------------------------------------


def test_every_language_tree_has_the_events_list_at_the_same_address(client, agenda):
    assert client.get("/en/events/").status_code == 200
    assert client.get("/de/events/").status_code == 200  # no German tree yet: the English list, under /de/
    assert EventIndexPage.objects.filter(locale__language_code="en").count() == 1


def test_upcoming_events_come_soonest_first_and_past_ones_latest_first(client, agenda):
    assert titles(client.get("/en/events/")) == ["Coding webinar", "STEM teachers conference", "Science week"]
    assert titles(client.get("/en/events/?when=past")) == ["Robotics workshop 2020"]


def test_filters_by_type_country_language_online_and_dates(client, agenda):
    assert titles(client.get("/en/events/?type=webinar")) == ["Coding webinar"]
    assert titles(client.get("/en/events/?type=webinar&type=campaign")) == ["Coding webinar", "Science week"]
    assert titles(client.get("/en/events/?country=DE")) == ["Science week"]
    assert titles(client.get("/en/events/?language=pt")) == ["STEM teachers conference"]
    assert titles(client.get("/en/events/?online=yes")) == ["Coding webinar"]
    assert titles(client.get("/en/events/?online=no")) == ["STEM teachers conference", "Science week"]
    # A range alone lists what happens in it, past or not; a multi-day event counts on each of its days.
    in_range = f"/en/events/?from={(TODAY + 22 * DAY).isoformat()}&to={(TODAY + 40 * DAY).isoformat()}"
    assert titles(client.get(in_range)) == ["Science week"]
    assert titles(client.get("/en/events/?from=2020-01-01&to=2020-12-31")) == ["Robotics workshop 2020"]


def test_a_cancelled_event_stays_listed_and_says_so(client, agenda):
    event = agenda["stem"]
    event.cancelled = True
    event.save_revision().publish()
    body = client.get("/en/events/").content.decode()
    assert "STEM teachers conference" in body and "Cancelled" in body


def test_each_event_is_listed_once_in_the_readers_language(client, agenda):
    translate(agenda["stem"], "pt", title="Conferência de professores STEM")
    assert "Conferência de professores STEM" in titles(client.get("/pt/events/"))
    assert "STEM teachers conference" not in titles(client.get("/pt/events/"))
    assert titles(client.get("/en/events/?language=pt")) == ["STEM teachers conference"]


def test_hostile_filters_are_ignored_never_a_server_error(client, agenda):
    for query in ["from=garbage", "to=2026-02-31", "type=<script>", "country=XX", "online=maybe", "when=tomorrow",
                  "page=-1", "page=99999", "language=%00", "from=2030-01-01&to=2020-01-01",
                  "view=month&month=2026-13", "view=month&month=99999-01", "view=month&month=%00",
                  "format=ics&from=garbage&type=nonsense"]:
        response = client.get(f"/en/events/?{query}")
        assert response.status_code == 200, query
    body = client.get("/en/events/?from=garbage").content.decode()
    assert 'id="event-from-error"' in body  # the reader is told which filter was ignored
    assert "There is no such month" in client.get("/en/events/?view=month&month=2026-13").content.decode()


def test_the_month_view_is_an_accessible_calendar_table(client, agenda):
    month = (TODAY + 20 * DAY).replace(day=1)
    body = client.get(f"/en/events/?view=month&month={month:%Y-%m}").content.decode()
    assert "<table" in body and "<caption>" in body and body.count('<th scope="col">') == 7
    week_day = TODAY + 22 * DAY
    if week_day.month == month.month:  # the campaign runs five days and shows on each of them
        assert re.search(rf'datetime="{week_day.isoformat()}".*?Science week', body, re.S)
    previous = (month - DAY).replace(day=1)
    assert f"month={previous:%Y-%m}" in body and 'rel="next"' in body
    past = client.get("/en/events/?view=month&month=2020-03").content.decode()
    assert "Robotics workshop 2020" in past and 'datetime="2020-03-05"' in past


def test_list_month_feed_and_detail_query_budgets(client, agenda, django_assert_max_num_queries):
    for _ in range(25):
        publish_event(f"Extra event {_}", start_date=TODAY + 5 * DAY)
    url = agenda["stem"].url
    client.get("/en/events/"), client.get(url)  # warm the per-process caches (menus, sites)
    with django_assert_max_num_queries(12):
        assert client.get("/en/events/?type=conference&online=no").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/en/events/?view=month&month={TODAY + 5 * DAY:%Y-%m}").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/en/events/?format=ics").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


# --- The detail page and JSON-LD -------------------------------------------------


def test_the_event_page_shows_local_times_and_describes_itself_in_json_ld(client, agenda):
    project = publish_project("Space Awareness")
    event = agenda["stem"]
    event.project = project
    event.save_revision().publish()
    response = client.get(event.url)
    body = response.content.decode()
    assert "Space Awareness" in body and "European Schoolnet" in body and "(Europe/Lisbon)" in body
    data = json_ld(response)
    start = datetime.datetime.combine(event.start_date, datetime.time(14), ZoneInfo("Europe/Lisbon"))
    assert data["@type"] == "Event" and data["name"] == "STEM teachers conference"
    assert data["startDate"] == start.isoformat()  # with the offset Lisbon has on that day
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Lisbon", "addressCountry": "PT"}
    assert data["organizer"] == {"@type": "Organization", "name": "European Schoolnet"}
    assert data["inLanguage"] == ["en", "pt"] and data["url"] == event.full_url


def test_json_ld_of_online_all_day_and_cancelled_events(client, agenda):
    webinar = json_ld(client.get(agenda["webinar"].url))
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/coding"}
    week = agenda["week"]
    week.cancelled = True
    week.save_revision().publish()
    data = json_ld(client.get(week.url))
    assert data["startDate"] == week.start_date.isoformat() and data["endDate"] == week.end_date.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


# --- iCalendar ------------------------------------------------------------------


def test_one_event_as_ics_parses_with_icalendar_and_carries_every_property(client, agenda):
    event = agenda["stem"]
    response = client.get(f"{event.url}?format=ics")
    cal = calendar(response)
    assert str(cal["VERSION"]) == "2.0" and "Scientix" in str(cal["PRODID"])
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.translation_key}@127.0.0.1"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Lisbon"
    assert vevent.decoded("DTSTART") == datetime.datetime.combine(event.start_date, datetime.time(14), ZoneInfo("Europe/Lisbon"))
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Lisbon"]
    assert vevent.decoded("DTSTAMP").tzinfo is not None and vevent.decoded("LAST-MODIFIED")
    assert vevent["SEQUENCE"] == 0 and vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["URL"]) == event.full_url and str(vevent["LOCATION"]) == "Lisbon, Portugal"
    assert "About STEM teachers conference." in str(vevent["DESCRIPTION"])
    assert "https://example.org/register" in str(vevent["DESCRIPTION"])
    assert vevent["CATEGORIES"].cats == ["Conference"]
    assert b"<" not in response.content  # plain text only


def test_a_multi_day_all_day_event_is_value_date_with_an_exclusive_end(client, agenda):
    week = agenda["week"]
    response = client.get(f"{week.url}?format=ics")
    assert f"DTSTART;VALUE=DATE:{week.start_date:%Y%m%d}".encode() in response.content
    [vevent] = calendar(response).walk("VEVENT")
    assert vevent.decoded("DTSTART") == week.start_date
    assert vevent.decoded("DTEND") == week.end_date + DAY  # the day after the last day
    assert not calendar(response).walk("VTIMEZONE")  # dates need no zone


def test_the_feed_follows_the_list_filters_and_names_itself(client, agenda):
    cal = calendar(client.get("/en/events/?format=ics"))
    assert "Scientix" in str(cal["X-WR-CALNAME"])
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    # Upcoming and the last 90 days: the 2020 workshop has long gone.
    assert summaries == ["Coding webinar", "STEM teachers conference", "Science week"]
    assert {tz["TZID"] for tz in cal.walk("VTIMEZONE")} == {"Europe/Lisbon", "Europe/Brussels"}
    only_online = calendar(client.get("/en/events/?format=ics&online=yes"))
    assert [str(e["SUMMARY"]) for e in only_online.walk("VEVENT")] == ["Coding webinar"]


def test_the_feed_has_one_version_per_uid_and_the_uid_is_the_same_in_every_language(client, agenda):
    french = translate(agenda["stem"], "fr", title="Conférence des enseignants STEM")
    uid = f"event-{agenda['stem'].translation_key}@127.0.0.1"
    assert french.ical_uid == uid
    feed = calendar(client.get("/fr/events/?format=ics"))
    versions = [str(e["SUMMARY"]) for e in feed.walk("VEVENT") if str(e["UID"]) == uid]
    assert versions == ["Conférence des enseignants STEM"]


def test_sequence_grows_when_time_place_or_status_change_and_only_then(client, agenda):
    event = agenda["stem"]

    def sequence():
        [vevent] = calendar(client.get(f"{event.url}?format=ics")).walk("VEVENT")
        return vevent["SEQUENCE"]

    event.title = "STEM teachers conference 2027"
    event.save_revision().publish()
    assert sequence() == 0  # a new title is no new time
    event.start_time, event.end_time = datetime.time(15), datetime.time(17)
    event.save_revision().publish()
    assert sequence() == 1
    event.save_revision().publish()  # published again unchanged
    assert sequence() == 1
    event.cancelled = True
    event.save_revision().publish()
    assert sequence() == 2
    [vevent] = calendar(client.get(f"{event.url}?format=ics")).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    translate(event, "pt", title="Conferência")
    assert sequence() == 2  # a translation is the same event at the same time
    assert EventSchedule.objects.get(translation_key=event.translation_key).sequence == 2


def test_time_zones_are_right_across_a_daylight_saving_change():
    """Brussels: 30 March 2025 the clocks go forward; an event at 10:00 on each side keeps its local hour."""
    from scientix.events.models import event_instants

    before, _ = event_instants(start_date=datetime.date(2025, 3, 29), start_time=datetime.time(10), end_date=datetime.date(2025, 3, 29),
                               end_time=datetime.time(11), time_zone="Europe/Brussels")
    after, _ = event_instants(start_date=datetime.date(2025, 3, 31), start_time=datetime.time(10), end_date=datetime.date(2025, 3, 31),
                              end_time=datetime.time(11), time_zone="Europe/Brussels")
    assert before.utcoffset() == datetime.timedelta(hours=1) and after.utcoffset() == datetime.timedelta(hours=2)
    assert before.astimezone(datetime.timezone.utc).hour == 9 and after.astimezone(datetime.timezone.utc).hour == 8


def test_a_calendar_client_subscribes_over_real_http(site, live_server, agenda):
    """The feed fetched like a calendar app does: a plain HTTP GET on 127.0.0.1, parsed by icalendar."""
    with urllib.request.urlopen(f"{live_server.url}/en/events/?format=ics&type=campaign", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        cal = Calendar.from_ical(response.read())
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Science week" and vevent["DTSTART"].params.get("VALUE") == "DATE"


# --- Suggestions and moderation --------------------------------------------------


def event_form(**overrides) -> dict:
    day = (TODAY + 30 * DAY).isoformat()
    data = {"title": "Maths escape room", "description": "An escape room for maths teachers.", "event_type": "workshop",
            "start_date": day, "start_time": "09:30", "end_date": day, "end_time": "12:00",
            "time_zone": "Europe/Madrid", "city": "Valencia", "country": "ES", "organiser": "Ciencia Viva",
            "registration_url": "https://example.org/escape", "languages": ["es", "en"]}
    data.update(overrides)
    return data


def test_suggesting_an_event_needs_sign_in_and_a_verified_address(client):
    url = reverse("submissions:event_new")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user("unverified@example.org", verified=False))
    assert client.get(url).status_code == 403
    assert client.post(url, event_form()).status_code == 403
    assert not EventPage.objects.exists()


def test_a_teacher_suggests_an_event_and_an_editor_publishes_it(client, alice, edith, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/submissions/new-event/", {**event_form(), "audiences": [str(t.pk) for t in terms("target_group", "teachers")]})
    assert response.status_code == 302
    event = EventPage.objects.get()
    assert not event.live and event.submitted_by == alice and event.locale.language_code == "es"
    assert event.start_time == datetime.time(9, 30) and event.time_zone == "Europe/Madrid" and event.languages == ["es", "en"]
    assert [t.code for t in event.terms_of("target_group")] == ["teachers"]
    assert WorkflowState.objects.get(object_id=str(event.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert "Maths escape room" not in client.get("/es/events/").content.decode()
    # The teacher cannot publish it: no publish permission, no admin.
    assert not event.permissions_for_user(alice).can_publish()
    assert client.get("/admin/").status_code in (302, 403)
    assert event.permissions_for_user(edith).can_publish()
    state = WorkflowState.objects.get(object_id=str(event.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(edith)
    url = reverse("wagtailadmin_pages:workflow_action", args=[event.pk, "approve", state.current_task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"comment": ""}).status_code in (200, 302)
    event.refresh_from_db()
    assert event.live
    assert "Maths escape room" in titles(client.get("/es/events/"))
    assert EventSchedule.objects.filter(translation_key=event.translation_key, sequence=0).exists()


def test_a_suggested_event_is_followed_and_changed_under_my_submissions(client, alice, edith,
                                                                        django_capture_on_commit_callbacks):
    from tests.test_submissions import workflow_action_in_admin

    client.force_login(alice)
    client.post("/en/submissions/new-event/", event_form())
    event = EventPage.objects.get()
    mine = client.get("/en/submissions/").content.decode()
    assert "Maths escape room" in mine and "Waiting for an editor" in mine
    # While an editor has it, it cannot be changed; once changes are requested it can.
    workflow_action_in_admin(client, edith, event, "reject", "Which room?", capture=django_capture_on_commit_callbacks)
    client.force_login(alice)
    assert "Which room?" in client.get("/en/submissions/").content.decode()
    form = client.get(f"/en/submissions/{event.pk}/edit/")
    assert form.status_code == 200 and 'value="Valencia"' in form.content.decode()
    response = client.post(f"/en/submissions/{event.pk}/edit/", event_form(start_time="", end_time="", city="Alicante"))
    assert response.status_code == 302
    event.refresh_from_db()
    latest = event.get_latest_revision_as_object()
    assert latest.city == "Alicante" and latest.start_time is None and latest.end_time is None  # now all-day
    # Back with the editor, in the same review.
    assert WorkflowState.objects.get(object_id=str(event.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    client.force_login(make_user("mallory@example.org"))
    assert client.get(f"/en/submissions/{event.pk}/edit/").status_code == 404


@pytest.mark.parametrize("overrides, field, message", [
    ({"end_date": (TODAY + 29 * DAY).isoformat()}, "end_date", "cannot end before it starts"),
    ({"end_time": "08:00"}, "end_time", "cannot end before it starts"),
    ({"end_time": ""}, "end_time", "both times"),
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
    ({"start_date": "2026-02-31"}, "start_date", "Enter a valid date"),
    ({"city": "", "country": ""}, "city", "mark the event as online"),
    ({"title": "<script>alert(1)</script>"}, "title", "plain text"),
    ({"description": "Hello\x07"}, "description", "control characters"),
    ({"registration_url": "javascript:alert(1)"}, "registration_url", "Enter a valid URL"),
    ({"languages": ["xx"]}, "languages", "Select a valid choice"),
])
def test_bad_suggestions_are_refused_with_the_reason(client, alice, overrides, field, message):
    client.force_login(alice)
    response = client.post("/en/submissions/new-event/", event_form(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not EventPage.objects.exists()


def test_an_online_event_needs_no_venue_and_all_day_needs_no_times(client, alice):
    client.force_login(alice)
    response = client.post("/en/submissions/new-event/", event_form(city="", country="", online="on", start_time="", end_time=""))
    assert response.status_code == 302
    event = EventPage.objects.get()
    assert event.all_day and event.online


def test_the_model_refuses_unknown_time_zones_and_backwards_dates():
    from django.core.exceptions import ValidationError

    from scientix.events.models import validate_time_zone

    with pytest.raises(ValidationError):
        validate_time_zone("Europe/Atlantis")
    validate_time_zone("America/Argentina/Buenos_Aires")
    event = EventPage(title="x", slug="x", description="x", start_date=TODAY, end_date=TODAY - DAY, city="Riga")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end_date" in error.value.message_dict


# --- Search ----------------------------------------------------------------------


def test_events_are_found_by_the_site_search(client, agenda):
    body = client.get("/en/search/?q=robotics").content.decode()
    assert "/en/events/robotics-workshop-2020/" in body and "<mark>Robotics</mark> workshop 2020" in body
    agenda["old"].delete()  # deleting an event takes it out of the index
    assert "/en/events/robotics-workshop-2020/" not in client.get("/en/search/?q=robotics").content.decode()


# --- Import and round trip of real calendars ----------------------------------------


def test_real_calendars_import_and_come_back_out_of_the_feed_unchanged(client):
    """55 real events in, the same instants and all-day dates out, through our own feed."""
    from scientix.events.importers import events_import

    assert REAL_EVENTS.is_dir(), f"{REAL_EVENTS} is missing: the round trip needs the real calendars"
    report = events_import(path=REAL_EVENTS, progress=False)
    assert report.created == 56 and report.skipped == 0, report.summary()
    assert events_import(path=REAL_EVENTS, progress=False).unchanged == 56  # a re-run updates by UID
    originals = {}
    for file in sorted(REAL_EVENTS.glob("*.ics")):
        for vevent in Calendar.from_ical(file.read_bytes()).walk("VEVENT"):
            originals[str(vevent["UID"])] = vevent
    by_source = dict(EventPage.objects.values_list("translation_key", "source_uid"))
    exported = []
    for event in EventPage.objects.all():
        [vevent] = calendar(client.get(f"{event.url}?format=ics")).walk("VEVENT")
        exported.append((by_source[event.translation_key], vevent))
    assert len(exported) == len(originals) == 56
    for source_uid, vevent in exported:
        original = originals[source_uid]
        assert str(vevent["SUMMARY"]) == " ".join(str(original["SUMMARY"]).split())
        start, original_start = vevent.decoded("DTSTART"), original.decoded("DTSTART")
        assert start == original_start, source_uid  # same instant (or the same date, for all-day events)
        if "DTEND" in original:
            assert vevent.decoded("DTEND") == original.decoded("DTEND"), source_uid
    prague = [v for uid, v in exported if uid.endswith("@pyvo.cz")]
    assert prague and all(v["DTSTART"].params.get("TZID") == "Europe/Prague" for v in prague if "TZID" in v["DTSTART"].params)


def test_odd_calendars_are_reported_never_crash_the_import():
    """163 odd calendars from a parser's test suite: each is imported, skipped with a reason, or noted."""
    from scientix.events.importers import events_import

    assert EDGE_CASES.is_dir(), f"{EDGE_CASES} is missing"
    files = sorted(p for p in EDGE_CASES.rglob("*.ics"))
    assert len(files) > 150
    reports = [events_import(path=folder, progress=False) for folder in sorted(p for p in EDGE_CASES.iterdir() if p.is_dir())]
    rejections = [reason for report in reports for _where, reason in report.rejections]
    assert sum(report.created + report.updated + report.unchanged for report in reports) > 40
    assert any("not a readable iCalendar file" in reason for reason in rejections)
    assert any("no UID" in reason for reason in rejections)
    assert all(reason for reason in rejections)  # every skip says why
    # Whatever was imported can be exported again and parsed.
    for event in EventPage.objects.all()[:200]:
        from scientix.events.ical import calendar_of

        Calendar.from_ical(calendar_of([event], sequences={}).to_ical())


def test_the_import_command_draws_progress_and_prints_the_report(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_events", str(REAL_EVENTS / "bristol-data-week-2026.ics"), "--language", "en", stdout=out)
    assert "9 created" in out.getvalue() and "[" in out.getvalue()
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\nX\nEND:VCALENDAR\n")
    out = StringIO()
    call_command("import_events", str(broken), "--no-progress", stdout=out)
    assert "broken.ics: not a readable iCalendar file" in out.getvalue()


# --- Existing databases -------------------------------------------------------------


def test_an_existing_site_gets_the_events_list_in_every_language_tree_after_migrate(client):
    """A database made before events: the post-migrate step adds the list page, also to the translated trees."""
    from scientix.pages.services import locale_tree_ensure, repository_sections_ensure

    locale_tree_ensure(language="fr")
    for page in EventIndexPage.objects.all():
        page.delete()
    assert client.get("/fr/events/").status_code == 404
    repository_sections_ensure()
    assert set(EventIndexPage.objects.values_list("locale__language_code", flat=True)) == {"en", "fr"}
    assert client.get("/fr/events/").status_code == 200 and client.get("/en/events/").status_code == 200
    repository_sections_ensure()  # idempotent
    assert EventIndexPage.objects.count() == 2


def test_the_demo_events_load_and_reload(client):
    from scientix.events.demo import DEMO_EVENTS, events_demo_load

    assert events_demo_load().created == len(DEMO_EVENTS)
    again = events_demo_load()
    assert again.created == 0 and again.unchanged == len(DEMO_EVENTS)
    listed = titles(client.get("/en/events/"))
    assert listed[0] == "Teaching coding with micro:bit" and len(listed) == len(DEMO_EVENTS) - 1
    assert not any("networking evening" in title for title in listed)  # 20 days ago: past
    assert any("networking evening" in title for title in titles(client.get("/en/events/?when=past")))


def test_the_country_filter_offers_the_countries_that_have_events(client, agenda):
    body = client.get("/en/events/?country=FR").content.decode()
    select = body[body.index('id="event-country"'):body.index("</select>", body.index('id="event-country"'))]
    offered = set(re.findall(r'<option value="([A-Z]{2})"', select))
    assert offered == {"PT", "DE", "CZ", "FR"}  # the agenda's venues, and the one asked for

"""Writes for events: the iCalendar SEQUENCE kept in step with what was published."""

import hashlib

from django.db import transaction

from scientix.events.models import EventPage, EventSchedule

# What calendars show of an event's time, place and status: a change to any of
# these must reach subscribers, so it bumps SEQUENCE. Title or description
# edits do not (calendars pick those up anyway on the next refresh).
SCHEDULE_FIELDS = ("start_date", "start_time", "end_date", "end_time", "time_zone", "online", "online_url",
                   "venue", "city", "country", "cancelled")


def schedule_fingerprint(event: EventPage) -> str:
    values = "|".join(str(getattr(event, name) or "") for name in SCHEDULE_FIELDS)
    return hashlib.sha256(values.encode()).hexdigest()


@transaction.atomic
def event_schedule_record(*, event: EventPage) -> EventSchedule:
    """Called on every publish: bump SEQUENCE when time, place or status differ from the last published.

    One row per event across its language versions (they share the UID), locked
    while compared so two publishes at once cannot both miss the change.
    """
    fingerprint = schedule_fingerprint(event)
    schedule, created = EventSchedule.objects.select_for_update().get_or_create(
        translation_key=event.translation_key, defaults={"fingerprint": fingerprint, "sequence": 0},
    )
    if not created and schedule.fingerprint != fingerprint:
        schedule.sequence += 1
        schedule.fingerprint = fingerprint
        schedule.save(update_fields=["sequence", "fingerprint", "updated_at"])
    return schedule

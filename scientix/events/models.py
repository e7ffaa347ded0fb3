"""Events: conferences, workshops, webinars... one page per language, under /<lang>/events/.

When an event happens is stored as the organiser says it: local dates and
times plus the IANA time zone of the event ("14:00 in Lisbon"), not as an
instant typed into the admin in the server's zone. ``starts_at``/``ends_at``
(UTC) are derived on save, for sorting and "upcoming or past" queries.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from scientix.core.text import validate_plain_text
from scientix.pages.models import FallbackRoutingMixin, ListPage
from scientix.vocabularies.classification import ClassifiedPageMixin, Facet, classified_admin_form

EVENT_FACETS = [
    Facet("audiences", "target_group"),
    Facet("subjects", "subject"),
]
DEFAULT_TIME_ZONE = "Europe/Brussels"


class EventType(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    NETWORKING = "networking", _("Networking event")
    COURSE = "course", _("Course")
    CAMPAIGN = "campaign", _("Campaign")
    NATIONAL = "national", _("National event")


def validate_time_zone(value: str) -> None:
    """An IANA zone name that zoneinfo knows ("Europe/Lisbon"), nothing else."""
    if value not in _time_zone_names():
        raise ValidationError(_("Choose a time zone such as Europe/Brussels."), code="time_zone")


def _time_zone_names() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones()
    return _ZONES


_ZONES: set[str] | None = None


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(_time_zone_names()) if "/" in name or name == "UTC"]


def event_instants(*, start_date: date, start_time: time | None, end_date: date, end_time: time | None,
                   time_zone: str) -> tuple[datetime, datetime]:
    """Start and (exclusive) end as aware datetimes in the event's zone.

    An all-day event (no start time) runs from the first day's midnight to the
    midnight after its last day, in its own zone.
    """
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TIME_ZONE)
    if start_time is None:
        return (datetime.combine(start_date, time(0), zone),
                datetime.combine(end_date + timedelta(days=1), time(0), zone))
    end = datetime.combine(end_date, end_time or start_time, zone)
    return datetime.combine(start_date, start_time, zone), end


class EventIndexPage(ListPage):
    """/events/: upcoming and past events, a month calendar, and the list as an iCalendar feed."""

    child_model_name = "events.EventPage"
    list_view = "scientix.events.views.event_list"
    child_select_related = ("project",)

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event list")

    def serve(self, request, *args, **kwargs):
        from scientix.events import views

        # ?format=ics: the list's filters as a calendar feed, like ?format=csv on the other lists.
        # (Wagtail serves only paths of slugs, so no "feed.ics" below the page.)
        if request.GET.get("format") == "ics":
            return views.event_feed(request, index_page=self)
        return super().serve(request, *args, **kwargs)


class EventPage(FallbackRoutingMixin, ClassifiedPageMixin, Page):
    """One event. Title and description are translated; the rest is shared by all language versions."""

    description = models.TextField(_("description"), max_length=10_000, validators=[validate_plain_text])
    event_type = models.CharField(_("type"), max_length=20, choices=EventType.choices, default=EventType.CONFERENCE)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True,
                                  help_text=_("Leave the times empty for an all-day event."))
    end_date = models.DateField(_("end date"), help_text=_("The last day of the event, included."))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE,
                                 validators=[validate_time_zone],
                                 help_text=_("Where the times above are read, e.g. Europe/Lisbon."))
    # Derived on save from the fields above: the instants, for sorting and "upcoming".
    starts_at = models.DateTimeField(editable=False, db_index=True)
    ends_at = models.DateTimeField(editable=False, db_index=True)
    online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=255, blank=True, validators=[validate_plain_text])
    city = models.CharField(_("city"), max_length=120, blank=True, validators=[validate_plain_text])
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True, max_length=1000)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True, validators=[validate_plain_text])
    registration_url = models.URLField(_("registration link"), blank=True, max_length=1000)
    languages = models.JSONField(_("languages"), default=list, blank=True,
                                 help_text=_("Languages spoken at the event (ISO 639-1 codes)."))
    project = models.ForeignKey(
        "projects.ProjectPage", verbose_name=_("related project"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events",
    )
    cancelled = models.BooleanField(_("cancelled"), default=False,
                                    help_text=_("A cancelled event stays listed, marked as cancelled."))
    terms = ParentalManyToManyField("vocabularies.Term", blank=True, related_name="events")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_uid = models.CharField(
        _("source UID"), max_length=255, blank=True, db_index=True,
        help_text=_("The UID in the calendar the event was imported from; imports update by it."),
    )

    base_form_class = classified_admin_form(EVENT_FACETS)
    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("event_type"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
            FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            FieldPanel("time_zone"),
        ], _("When")),
        MultiFieldPanel([
            FieldPanel("online"), FieldPanel("online_url"), FieldPanel("venue"),
            FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
        ], _("Where")),
        FieldPanel("organiser"),
        FieldPanel("registration_url"),
        FieldPanel("languages"),
        MultiFieldPanel([FieldPanel(facet.field) for facet in EVENT_FACETS], _("Classification")),
        FieldPanel("project"),
        FieldPanel("cancelled"),
        FieldPanel("source_uid"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description"), index.SearchField("organiser")]
    override_translatable_fields = [
        # The venue is written as it is known locally, the same in every version: calendars
        # see one place, and only a real move changes the SEQUENCE.
        TranslatableField("title"), TranslatableField("description"), SynchronizedField("venue"),
        SynchronizedField("city"), SynchronizedField("organiser"), SynchronizedField("slug"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(DEFAULT_TIME_ZONE)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def multi_day(self) -> bool:
        return self.end_date != self.start_date

    @property
    def ical_uid(self) -> str:
        """The same for every language version, for ever: calendars update the event they already have."""
        from urllib.parse import urlsplit

        host = urlsplit(settings.SITE_URL).hostname or "scientix.eu"
        return f"event-{self.translation_key}@{host}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("An event cannot end before it starts.")
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = _("Give both times, or neither for an all-day event.")
        elif (self.start_time and self.end_time and self.start_date == self.end_date
              and self.end_time < self.start_time):
            errors["end_time"] = _("An event cannot end before it starts.")
        for code in self.languages or []:
            if code not in _language_codes():
                errors["languages"] = _("Use two-letter language codes such as en, fr or de.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.start_date and self.end_date:
            self.starts_at, self.ends_at = event_instants(
                start_date=self.start_date, start_time=self.start_time, end_date=self.end_date,
                end_time=self.end_time, time_zone=self.time_zone,
            )
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "ics":
            from scientix.events.views import event_ics

            return event_ics(request, event=self)
        return super().serve(request, *args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        return "events/event_page.html"

    def get_context(self, request, *args, **kwargs):
        from scientix.events.selectors import event_json_ld
        from scientix.resources.selectors import language_versions

        context = super().get_context(request, *args, **kwargs)
        context["versions"] = language_versions(page=self)
        context["json_ld"] = event_json_ld(event=self)
        return context


def _language_codes() -> set[str]:
    from django.conf.global_settings import LANGUAGES

    return {code for code, _name in LANGUAGES if len(code) == 2} | {"mt", "ga"}


class EventSchedule(models.Model):
    """What calendars last saw of an event (all its language versions): iCalendar's SEQUENCE.

    Kept apart from the page, whose revisions would carry an old number back
    on publish: the time, place and status last published are fingerprinted,
    and a publish that changes them bumps the sequence once.
    """

    translation_key = models.UUIDField(unique=True)
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.translation_key} #{self.sequence}"

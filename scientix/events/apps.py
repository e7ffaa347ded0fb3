from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """The events calendar: conferences, workshops, webinars... suggested by anyone, published by editors."""

    name = "scientix.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from scientix.events import search_index
        from scientix.events.models import EventPage

        search_index.register()
        page_published.connect(_on_event_published, sender=EventPage, dispatch_uid="events-schedule-record")
        # The search app connects deletes only for the kinds registered before it loaded.
        from django.db.models.signals import post_delete

        from scientix.search.signals import unindex_deleted

        post_delete.connect(unindex_deleted, sender=EventPage, dispatch_uid="search-unindex-event")


def _on_event_published(sender, instance, **kwargs):
    from scientix.events.services import event_schedule_record

    event_schedule_record(event=instance)

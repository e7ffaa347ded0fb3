from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """The events calendar: conferences, workshops, webinars... suggested by anyone, published by editors."""

    name = "scientix.events"
    label = "events"
    verbose_name = _("Events")

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every page shares: layout, languages, health, demo data."""

    name = "scientix.core"
    label = "core"
    verbose_name = "Scientix core"

    def ready(self):
        from scientix.core import signals

        signals.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OaiConfig(AppConfig):
    """OAI-PMH 2.0 provider at /oai: every public record for harvesters (Dublin Core and LOM)."""

    name = "scientix.oai"
    label = "oai"
    verbose_name = _("OAI-PMH")

    def ready(self):
        # After resources and projects (earlier in INSTALLED_APPS) have registered their kinds.
        from scientix.oai import signals

        signals.connect()

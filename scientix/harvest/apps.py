from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestConfig(AppConfig):
    """Harvesting other repositories into ours over OAI-PMH."""

    name = "scientix.harvest"
    label = "harvest"
    verbose_name = _("Harvesting")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """Subscriptions, digests of what is new, and thematic newsletters."""

    name = "scientix.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """The resources repository: teaching materials, student materials, reports."""

    name = "scientix.resources"
    label = "resources"
    verbose_name = _("Resources")

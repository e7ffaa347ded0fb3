from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public REST API at /api/v1/ with its OpenAPI document."""

    name = "scientix.api"
    label = "api"
    verbose_name = _("API")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public REST API at /api/v1/ with its OpenAPI document, and personal API tokens."""

    name = "scientix.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from scientix.accounts.personal_data import register_exporter
        from scientix.api.selectors import api_tokens_export

        register_exporter("api_tokens", api_tokens_export)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Translation on demand: requests and votes, translation jobs, machine drafts, review and publication."""

    name = "scientix.translations"
    label = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from scientix.accounts.personal_data import register_exporter
        from scientix.translations import selectors

        register_exporter("translation_requests", selectors.votes_export)

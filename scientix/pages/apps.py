from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Editorial pages: home, about, accessibility, privacy, contact."""

    name = "scientix.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from scientix.accounts.personal_data import register_anonymiser, register_exporter
        from scientix.pages import selectors, services

        register_exporter("contact_messages", selectors.contact_messages_export)
        register_exporter("pages_owned", selectors.pages_owned_export)
        register_anonymiser(services.contact_messages_anonymise)

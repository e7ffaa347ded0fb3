from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """Subscriptions, digests of what is new, and thematic newsletters."""

    name = "scientix.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from scientix.accounts.personal_data import register_anonymiser, register_exporter
        from scientix.newsletters import selectors, services

        register_exporter("newsletter_subscriptions", selectors.subscriptions_export)
        # Erasure deletes the subscriptions of the account and of its address (nothing of them is kept for others).
        register_anonymiser(services.subscriptions_erase_for_user)

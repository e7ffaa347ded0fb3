from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """One account for everything: profile, roles, personal data."""

    name = "scientix.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from scientix.accounts import personal_data, selectors

        personal_data.register_exporter("account", selectors.account_export)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """One account for everything: profile, roles, personal data."""

    name = "scientix.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from scientix.accounts import personal_data, selectors

        personal_data.register_exporter("account", selectors.account_export)
        post_migrate.connect(_sync_roles_after_migrate)


def _sync_roles_after_migrate(sender, plan=None, **kwargs):
    # Groups need every app's permissions, and Django creates those in the
    # post_migrate of each app: so wait for the last app's signal. `flush`
    # sends the signal too (plan=None) after emptying every table, including
    # the permissions that Wagtail creates in migrations: nothing to sync then.
    if plan is None:
        return
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from scientix.accounts.services import roles_sync

    roles_sync()

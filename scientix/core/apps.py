from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every page shares: layout, languages, health, demo data."""

    name = "scientix.core"
    label = "core"
    verbose_name = _("Scientix core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from scientix.core import signals

        signals.connect()
        post_migrate.connect(_after_migrate)


def _after_migrate(sender, plan=None, **kwargs):
    """Bring vocabularies, roles, the moderation workflow and the repository pages up to date.

    Groups need every app's permissions, and Django creates those in the
    post_migrate of each app: so wait for the last app's signal. `flush`
    sends the signal too (plan=None) after emptying every table, including
    the permissions that Wagtail creates in migrations: nothing to do then.
    """
    if plan is None:
        return
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from scientix.accounts.services import roles_sync
    from scientix.pages.services import default_site_sync, repository_sections_ensure
    from scientix.submissions.services import moderation_workflow_sync
    from scientix.vocabularies.loader import vocabularies_load
    from scientix.vocabularies.models import Term

    vocabularies_load(term_model=Term)
    roles_sync()
    moderation_workflow_sync()
    repository_sections_ensure()
    default_site_sync()

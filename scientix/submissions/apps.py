from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Projects and resources sent by users, moderated by editors."""

    name = "scientix.submissions"
    label = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from scientix.accounts.personal_data import register_exporter
        from scientix.submissions import selectors, signals

        signals.connect()
        register_exporter("submissions", selectors.submissions_export)

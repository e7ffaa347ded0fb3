from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """The resources repository: teaching materials, student materials, reports."""

    name = "scientix.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from scientix.accounts.personal_data import register_exporter
        from scientix.resources.selectors import ratings_and_reviews_export

        register_exporter("ratings_and_reviews", ratings_and_reviews_export)

        from scientix.resources import search_index

        search_index.register()

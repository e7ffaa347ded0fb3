from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The projects repository: publicly funded STEM education projects."""

    name = "scientix.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from scientix.projects import search_index

        search_index.register()

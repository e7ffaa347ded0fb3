from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "scientix.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from scientix.search import signals  # noqa: F401

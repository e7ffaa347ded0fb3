from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """News, blog and Observatory: what editors and partners write, with feeds."""

    name = "scientix.editorial"
    label = "editorial"
    verbose_name = _("News, blog and Observatory")

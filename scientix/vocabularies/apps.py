from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabulariesConfig(AppConfig):
    """Controlled vocabularies with labels in the 24 EU languages."""

    name = "scientix.vocabularies"
    label = "vocabularies"
    verbose_name = _("Vocabularies")

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from scientix.projects.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "country", "website"]
    list_filter = ["country"]
    search_fields = ["name"]
    add_to_admin_menu = True


register_snippet(OrganisationViewSet)

"""Harvesting in the admin: editors register sources, start a harvest, and read every run's report."""

from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets.button import ListingButton
from wagtail.permissions import register_permission_policy

from scientix.accounts.admin_permissions import PublishersPolicy
from scientix.harvest import views
from scientix.harvest.models import HarvestRun, HarvestSource

register_permission_policy(HarvestSource, PublishersPolicy(HarvestSource))
register_permission_policy(HarvestRun, PublishersPolicy(HarvestRun, actions={"view"}))


class SourceIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.user_has_permission("change"):
            url = reverse("harvest_sources:harvest_now", args=[instance.pk])
            buttons.append(ListingButton(_("Harvest now"), url=url, icon_name="download", priority=5))
        buttons.append(ListingButton(_("Runs"), url=reverse("harvest_runs:index") + f"?source={instance.pk}",
                                     icon_name="list-ul", priority=6))
        return buttons


class HarvestSourceViewSet(ModelViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = _("Sources")
    url_prefix = "harvest/sources"
    name = "harvest_sources"
    index_view_class = SourceIndexView
    copy_view_enabled = False
    list_display = ["name", "base_url", "metadata_prefix", "needs_moderation", "enabled", "last_datestamp"]
    list_filter = ["enabled", "needs_moderation", "metadata_prefix"]
    search_fields = ["name", "base_url"]
    form_fields = ["name", "base_url", "metadata_prefix", "set_spec", "needs_moderation", "default_language",
                   "enabled", "interval_hours", "last_datestamp"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "base_url":
            kwargs.setdefault("assume_scheme", "https")  # "example.org/oai" means https (Django 6's default)
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("harvest/<int:pk>/", views.harvest_now, name="harvest_now")]


class RunInspectView(InspectView):
    def get_rejections_display_value(self):
        if not self.object.rejections:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li><code>{}</code>: {}</li>",
            ((item.get("identifier", ""), item.get("reason", "")) for item in self.object.rejections),
        ))


class HarvestRunViewSet(ModelViewSet):
    """Read-only: the report of each run, newest first."""

    model = HarvestRun
    icon = "list-ul"
    menu_label = _("Runs")
    url_prefix = "harvest/runs"
    name = "harvest_runs"
    inspect_view_enabled = True
    inspect_view_class = RunInspectView
    copy_view_enabled = False
    list_display = ["__str__", "status", "created", "updated", "deleted", "unchanged", "rejected", "finished_at"]
    list_filter = ["source", "status"]
    inspect_view_fields = ["source", "status", "started_at", "finished_at", "harvested_from", "created", "updated",
                           "deleted", "unchanged", "rejected", "error", "rejections"]
    form_fields = ["status"]  # never offered: nobody has add or change permission on runs


class HarvestViewSetGroup(ModelViewSetGroup):
    menu_label = _("Harvesting")
    menu_icon = "download"
    menu_order = 850
    items = (HarvestSourceViewSet, HarvestRunViewSet)


@hooks.register("register_admin_viewset")
def register_harvest_viewsets():
    return HarvestViewSetGroup()

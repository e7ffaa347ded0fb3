"""Newsletters in the admin: editors compose, preview, test-send and schedule; everyone with access sees the sends.

Who may compose and send: whoever may publish pages (editors), as for
harvesting: sending to every subscriber is the same power as publishing.
Translators, other staff roles, teachers and anonymous visitors may not.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, IndexView, SnippetViewSet

from scientix.accounts.admin_permissions import PublishersPolicy
from scientix.newsletters import admin_views
from scientix.newsletters.forms import subject_choices
from scientix.newsletters.models import Delivery, Issue, Newsletter


class NewsletterPolicy(PublishersPolicy):
    """A sent newsletter is a record of what subscribers received: nobody changes or deletes it."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"change", "delete"} and instance.status == Newsletter.Status.SENT:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Newsletter, NewsletterPolicy(Newsletter))
register_permission_policy(Issue, PublishersPolicy(Issue, actions={"view"}))
register_permission_policy(Delivery, PublishersPolicy(Delivery, actions={"view"}))


class NewsletterForm(WagtailAdminModelForm):
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Subscribers following none of these subjects are left out. "
                                                   "None ticked: every subscriber of the language."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = subject_choices()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == Newsletter.Status.SENT:
            raise forms.ValidationError(_("This newsletter has been sent: it can no longer be changed."))
        return cleaned


class NewsletterIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status != Newsletter.Status.SENT and self.user_has_permission("change"):
            buttons.append(ListingButton(_("Send test to me"), url=reverse("newsletters_admin:test_send",
                                                                           args=[instance.pk]),
                                         icon_name="mail", priority=5))
            label = _("Schedule") if instance.status == Newsletter.Status.DRAFT else _("Unschedule")
            buttons.append(ListingButton(label, url=reverse("newsletters_admin:schedule", args=[instance.pk]),
                                         icon_name="date", priority=6))
        return buttons


class NewsletterDeleteView(DeleteView):
    """Wagtail's delete view checks the model permission only; a sent newsletter is kept (its issue refers to it)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission_for_instance(request.user, "delete", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = _("Newsletters")
    menu_order = 860
    add_to_admin_menu = True
    index_view_class = NewsletterIndexView
    delete_view_class = NewsletterDeleteView
    list_display = ["title", "language", "status", "scheduled_at", "sent_at"]
    list_filter = ["status", "language"]
    search_fields = ["title"]
    copy_view_enabled = True
    edit_handler = ObjectList([FieldPanel("title"), FieldPanel("language"), FieldPanel("topics"),
                               FieldPanel("intro"), FieldPanel("body")], base_form_class=NewsletterForm)


register_snippet(NewsletterViewSet)


class IssueViewSet(ModelViewSet):
    """Read-only: what was sent, and how far each mailing got."""

    model = Issue
    icon = "list-ul"
    menu_label = _("Mailings")
    url_prefix = "newsletters/issues"
    name = "newsletter_issues"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["key", "kind", "status", "batches_done", "batches_total", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    form_fields = ["status"]  # never offered: nobody may add or change issues


class DeliveryViewSet(ModelViewSet):
    """Read-only: every recipient's send. 'Sending' that stays so was interrupted (decision 0012)."""

    model = Delivery
    icon = "mail"
    menu_label = _("Deliveries")
    url_prefix = "newsletters/deliveries"
    name = "newsletter_deliveries"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["subscription", "issue", "status", "attempts", "sent_at", "retry_at", "error"]
    list_filter = ["status", "issue__kind"]
    search_fields = ["subscription__email"]
    form_fields = ["status"]


class SendingGroup(ModelViewSetGroup):
    menu_label = _("Newsletter sending")
    menu_icon = "mail"
    menu_order = 861
    items = (IssueViewSet, DeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_sending():
    return SendingGroup()


@hooks.register("register_admin_urls")
def register_actions():
    return [path("newsletters/actions/", (admin_views.urlpatterns, "newsletters_admin", "newsletters_admin"))]

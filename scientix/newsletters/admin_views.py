"""The admin's "Send test to me" and "Schedule": small confirmation pages around the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.permissions import policy_registry

from scientix.newsletters import services
from scientix.newsletters.forms import ScheduleForm
from scientix.newsletters.models import Newsletter


def _editable(request, pk: int) -> Newsletter:
    if not policy_registry.get_by_type(Newsletter).user_has_permission(request.user, "change"):
        raise PermissionDenied
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if newsletter.status == Newsletter.Status.SENT:
        raise PermissionDenied
    return newsletter


def _index_url() -> str:
    return reverse("wagtailsnippets_newsletters_newsletter:list")


@require_http_methods(["GET", "POST"])
def test_send(request, pk: int):
    newsletter = _editable(request, pk)
    if request.method == "POST":
        services.newsletter_test_send(newsletter=newsletter, to=request.user.email)
        messages.success(request, _("A test has been sent to %(email)s.") % {"email": request.user.email})
        return redirect(_index_url())
    return TemplateResponse(request, "newsletters/admin/confirm.html", {
        "page_title": _("Send test to me"), "header_icon": "mail", "cancel_url": _index_url(),
        "question": _("Send “%(title)s” to %(email)s, as subscribers will see it?")
        % {"title": newsletter.title, "email": request.user.email},
        "action": _("Send the test"),
    })


@require_http_methods(["GET", "POST"])
def schedule(request, pk: int):
    newsletter = _editable(request, pk)
    if newsletter.status == Newsletter.Status.SCHEDULED:
        if request.method == "POST":
            services.newsletter_unschedule(newsletter=newsletter)
            messages.success(request, _("“%(title)s” is a draft again.") % {"title": newsletter.title})
            return redirect(_index_url())
        return TemplateResponse(request, "newsletters/admin/confirm.html", {
            "page_title": _("Unschedule"), "header_icon": "date", "cancel_url": _index_url(),
            "question": _("Stop the sending of “%(title)s” planned for %(when)s?")
            % {"title": newsletter.title, "when": timezone.localtime(newsletter.scheduled_at)},
            "action": _("Unschedule"),
        })
    form = ScheduleForm(request.POST or None, initial={"when": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    if request.method == "POST" and form.is_valid():
        services.newsletter_schedule(newsletter=newsletter, when=form.cleaned_data["when"])
        messages.success(request, _("“%(title)s” will be sent at %(when)s to the subscribers who chose it.")
                         % {"title": newsletter.title, "when": form.cleaned_data["when"]})
        return redirect(_index_url())
    return TemplateResponse(request, "newsletters/admin/confirm.html", {
        "page_title": _("Schedule"), "header_icon": "date", "cancel_url": _index_url(), "form": form,
        "question": _("When should “%(title)s” be sent? The scheduled job sends it at the first run after "
                      "that time.") % {"title": newsletter.title},
        "action": _("Schedule"),
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("<int:pk>/test/", test_send, name="test_send"),
    path("<int:pk>/schedule/", schedule, name="schedule"),
]

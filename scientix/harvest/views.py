"""The admin's "Harvest now": a confirmation page, then the source's harvest goes to the task queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.permissions import policy_registry

from scientix.harvest.models import HarvestSource
from scientix.harvest.tasks import harvest_source_task


@require_http_methods(["GET", "POST"])
def harvest_now(request, pk: int):
    """GET asks to confirm (a link must not start a harvest); POST enqueues it and shows the source's runs."""
    if not policy_registry.get_by_type(HarvestSource).user_has_permission(request.user, "change"):
        raise PermissionDenied
    source = get_object_or_404(HarvestSource, pk=pk)
    if request.method == "POST":
        harvest_source_task.enqueue(source_id=source.pk)
        messages.success(request, _("The harvest of “%(source)s” has been queued; its run appears below.")
                         % {"source": source.name})
        return redirect(reverse("harvest_runs:index") + f"?source={source.pk}")
    return TemplateResponse(request, "harvest/harvest_now.html", {
        "source": source,
        "page_title": _("Harvest now"),
        "header_icon": "download",
        "cancel_url": reverse("harvest_sources:index"),
    })

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scientix.resources.forms import RatingForm, ReviewForm
from scientix.resources.models import ResourcePage
from scientix.resources.services import rating_submit, review_submit

from scientix.core.exports import repository_list_response
from scientix.resources.selectors import resource_browse, resource_export_rows, resources_filtered


def resource_list(request, *, index_page):
    return repository_list_response(
        request, index_page=index_page, browse=resource_browse, filtered=resources_filtered,
        export_rows=resource_export_rows, template="resources/resource_list.html", filename="scientix-resources",
    )


@login_required
@require_POST
def rate(request, page_id: int):
    resource = get_object_or_404(ResourcePage.objects.live(), pk=page_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        rating_submit(user=request.user, resource=resource, **form.cleaned_data)
        messages.success(request, _("Thank you: your rating has been saved."))
    else:
        messages.error(request, _("Choose a score from 1 to 5 for each of the three criteria."))
    return redirect(resource.url)


@login_required
@require_POST
def review(request, page_id: int):
    resource = get_object_or_404(ResourcePage.objects.live(), pk=page_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        review_submit(user=request.user, resource=resource, text=form.cleaned_data["text"], language=translation.get_language())
        messages.success(request, _("Thank you: your review will appear once an editor has read it."))
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(resource.url)

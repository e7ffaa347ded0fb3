from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.models import Page
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scientix.core.ratelimit import over_limit
from scientix.pages.services import locale_tree_ensure
from scientix.projects.models import ProjectIndexPage, ProjectPage
from scientix.resources.models import ResourceIndexPage
from scientix.submissions.forms import ProjectSubmissionForm, ResourceSubmissionForm
from scientix.submissions.selectors import user_submissions
from scientix.submissions.services import project_submit, resource_submit, submission_initial, submission_revise

SUBMISSIONS_PER_HOUR = 20


def _rate_limited(request) -> bool:
    return over_limit(f"submissions-rate:{request.user.pk}", limit=SUBMISSIONS_PER_HOUR)


@login_required
def mine(request):
    return render(request, "submissions/mine.html", {"submissions": user_submissions(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    return _submission_view(request, ProjectSubmissionForm, ProjectIndexPage, "project")


@login_required
@require_http_methods(["GET", "POST"])
def resource_new(request):
    return _submission_view(request, ResourceSubmissionForm, ResourceIndexPage, "resource")


def _submission_view(request, form_class, index_model, kind: str):
    form = form_class(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            messages.error(request, _("You have sent many submissions in a short time. Please try again in an hour."))
            return render(request, "submissions/form.html", {"form": form, "kind": kind}, status=429)
        if form.is_valid():
            _home, sections = locale_tree_ensure(language=translation.get_language())
            index_page = sections[index_model]
            if kind == "project":
                project_submit(user=request.user, index_page=index_page, data=form.cleaned_data)
            else:
                resource_submit(user=request.user, index_page=index_page, data=form.cleaned_data,
                                file_mime=getattr(form, "detected_mime", ""))
            messages.success(request, _("Thank you. Your submission is waiting for an editor; we will e-mail you."))
            return redirect("submissions:mine")
        status = 400
    return render(request, "submissions/form.html", {"form": form, "kind": kind}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, page_id: int):
    """The submitter changes their project, resource or event; the change goes through moderation again."""
    from scientix.events.models import EventPage
    from scientix.submissions.forms import EventSubmissionForm

    page = get_object_or_404(Page, pk=page_id).specific
    if getattr(page, "submitted_by_id", None) != request.user.pk:
        raise Http404  # someone else's submission: do not even confirm it exists
    if hasattr(page, "declined"):
        messages.error(request, _("An editor declined this submission; it cannot be changed and sent again."))
        return redirect("submissions:mine")
    form_class = (EventSubmissionForm if isinstance(page, EventPage)
                  else ProjectSubmissionForm if isinstance(page, ProjectPage) else ResourceSubmissionForm)
    form = form_class(request.POST or None, request.FILES or None, initial=submission_initial(page=page))
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "submissions/form.html", {"form": form, "kind": "edit"}, status=429)
        if form.is_valid():
            submission_revise(user=request.user, page=page, data=form.cleaned_data,
                              file_mime=getattr(form, "detected_mime", ""))
            messages.success(request, _("Thank you. Your changes are waiting for an editor; we will e-mail you."))
            return redirect("submissions:mine")
        status = 400
    return render(request, "submissions/form.html", {"form": form, "kind": "edit", "page": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    """Suggest an event; signing in needs a verified address, checked again here (sessions outlive changes)."""
    from allauth.account.models import EmailAddress
    from django.core.exceptions import PermissionDenied

    from scientix.events.models import EventIndexPage
    from scientix.submissions.forms import EventSubmissionForm
    from scientix.submissions.services import event_submit

    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        raise PermissionDenied(_("Confirm your e-mail address before suggesting an event."))
    form = EventSubmissionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            messages.error(request, _("You have sent many submissions in a short time. Please try again in an hour."))
            return render(request, "events/event_form.html", {"form": form}, status=429)
        if form.is_valid():
            _home, sections = locale_tree_ensure(language=translation.get_language())
            event_submit(user=request.user, index_page=sections[EventIndexPage], data=form.cleaned_data)
            messages.success(request, _("Thank you. Your event is waiting for an editor; we will e-mail you."))
            return redirect("submissions:mine")
        status = 400
    return render(request, "events/event_form.html", {"form": form}, status=status)

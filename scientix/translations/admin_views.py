"""Translations in Wagtail's admin: the editors' queue, jobs for translators and reviewers, figures."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model

from scientix.languages import EU_LANGUAGES
from scientix.translations import permissions, selectors, services
from scientix.translations.forms import (
    ApproveForm, AssignmentForm, DeclineForm, NewJobForm, NoteForm, TranslatedFileForm,
)
from scientix.translations.models import JobState, RequestState, TranslationJob, TranslationRequest
from scientix.translations.machine import machine_strings, machine_translator
from scientix.translations.machine_views import draft_and_report


PER_PAGE = 50


def _render(request, template: str, title: str, context: dict, icon: str = "globe"):
    return TemplateResponse(request, template, {"page_title": title, "header_icon": icon, **context})


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Requests (editors) ---------------------------------------------------------

def queue(request):
    permissions.require(request.user, "manage")
    state = request.GET.get("state", RequestState.OPEN)
    if state not in RequestState.values:
        state = RequestState.OPEN
    language = request.GET.get("language", "")
    queue_page = Paginator(
        selectors.request_queue(state=state, language=language if language in dict(EU_LANGUAGES) else ""), PER_PAGE
    ).get_page(request.GET.get("p"))
    return _render(request, "translations/admin/queue.html", _("Translation requests"), {
        "requests": queue_page, "elided_page_range": queue_page.paginator.get_elided_page_range(queue_page.number),
        "state": state, "states": RequestState.choices, "language": language, "languages": EU_LANGUAGES,
        "threshold": settings.TRANSLATION_REQUEST_THRESHOLD,
    })


def _decide(request, pk: int, *, action: str, form_class, title: str, transition, done: str):
    """Accepting and declining: one form about one open request, then its transition."""
    permissions.require(request.user, "manage")
    translation_request = get_object_or_404(TranslationRequest, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            next_url = transition(translation_request, form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, done)
            return redirect(next_url)
    return _render(request, "translations/admin/decide.html", title, {
        "translation_request": translation_request, "form": form, "action": action,
    })


def accept(request, pk: int):
    def transition(translation_request, data):
        job = services.request_accept(translation_request=translation_request, editor=request.user, **data)
        return reverse("translations_admin:job", args=[job.pk])

    return _decide(request, pk, action="accept", form_class=AssignmentForm, title=_("Accept the request"),
                   transition=transition, done=_("Accepted: the translator has been told."))


def decline(request, pk: int):
    def transition(translation_request, data):
        services.request_decline(translation_request=translation_request, editor=request.user, reason=data["reason"])
        return reverse("translations_admin:queue")

    return _decide(request, pk, action="decline", form_class=DeclineForm, title=_("Decline the request"),
                   transition=transition, done=_("Declined: everyone who asked has been told why."))


# --- Jobs -------------------------------------------------------------------------

def jobs(request):
    if not (permissions.can_translate(request.user) or permissions.can_review(request.user) or permissions.has(request.user, "manage")):
        raise PermissionDenied
    state = request.GET.get("state", "")
    jobs_page = Paginator(
        selectors.jobs_for(user=request.user, state=state if state in JobState.values else ""), PER_PAGE
    ).get_page(request.GET.get("p"))
    return _render(request, "translations/admin/jobs.html", _("Translation jobs"), {
        "jobs": jobs_page, "elided_page_range": jobs_page.paginator.get_elided_page_range(jobs_page.number),
        "state": state, "states": JobState.choices,
        "can_manage": permissions.has(request.user, "manage"),
    })


def new_job(request):
    permissions.require(request.user, "manage")
    initial = {"page": request.GET.get("page")} if request.GET.get("page", "").isdigit() else {}
    form = NewJobForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.job_open(page=data["page"], language=data["language"], translator=data["translator"],
                                    reviewer=data["reviewer"], due_date=data["due_date"], opened_by=request.user)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The job is open: the translator has been told."))
            return redirect("translations_admin:job", job.pk)
    return _render(request, "translations/admin/new_job.html", _("New translation job"), {"form": form})


def _job_for(request, pk: int) -> TranslationJob:
    job = get_object_or_404(
        TranslationJob.objects.select_related("source_page", "target_locale", "translator", "reviewer", "localize_translation"), pk=pk
    )
    user = request.user
    if not (user.pk == job.translator_id or permissions.can_review(user) or permissions.has(user, "manage")):
        raise PermissionDenied
    return job


def job(request, pk: int):
    job = _job_for(request, pk)
    user = request.user
    target = job.localize_translation.get_target_instance() if job.localize_translation else None
    done, total = selectors.translation_progress(job=job) if job.localize_translation else (0, 0)
    is_translator = user.pk == job.translator_id
    may_review = (permissions.can_review(user) and not is_translator
                  and (job.reviewer_id in (None, user.pk) or permissions.has(user, "manage")))
    translator = machine_translator()
    machine_count = machine_strings(translation=job.localize_translation).count() if job.localize_translation else 0
    return _render(request, "translations/admin/job.html", str(job), {
        "job": job, "target": target, "done": done, "total": total,
        "rows": selectors.review_rows(job=job) if job.localize_translation else [],
        "machine_count": machine_count,
        "events": job.events.select_related("actor"),
        "is_translator": is_translator, "may_review": may_review, "can_manage": permissions.has(user, "manage"),
        "machine_name": translator.display_name if translator and job.localize_translation and translator.can_translate(
            job.localize_translation.source.locale, job.target_locale) else "",
        "editor_url": reverse("wagtailadmin_pages:edit", args=[target.pk]) if target else "",
        "has_file": bool(job.localize_translation and job.localize_translation.source.overridablesegment_set.filter(context__path="file").exists()),
        "deliver_form": NoteForm(), "return_form": NoteForm(), "file_form": TranslatedFileForm(), "cancel_form": NoteForm(),
        # The confirmation box only when there is machine text to confirm.
        "approve_form": ApproveForm() if machine_count else None,
    })


def _note(request) -> str:
    form = NoteForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


def _deliver(request, job):
    services.job_deliver(job=job, translator=request.user, note=_note(request))
    messages.success(request, _("Delivered: the reviewer has been told."))


def _return(request, job):
    services.job_return(job=job, reviewer=request.user, note=_note(request))
    messages.success(request, _("Sent back to the translator with your note."))


def _approve(request, job):
    form = ApproveForm(request.POST)
    confirmed = form.is_valid() and form.cleaned_data["machine_text_reviewed"]
    page = services.job_approve(job=job, reviewer=request.user, machine_text_reviewed=confirmed)
    messages.success(request, _("Approved and published: %(url)s") % {"url": page.full_url})


def _cancel(request, job):
    services.job_cancel(job=job, editor=request.user, reason=_note(request))
    messages.success(request, _("The job is cancelled."))


def _machine(request, job):
    if job.state != JobState.ASSIGNED or request.user.pk != job.translator_id:
        raise PermissionDenied
    draft_and_report(request, job.localize_translation)


def _file(request, job):
    form = TranslatedFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return
    with transaction.atomic():  # a refused upload leaves no document behind
        document = get_document_model().objects.create(
            title=form.cleaned_data["title"], file=form.cleaned_data["file"], uploaded_by_user=request.user,
        )
        services.job_file_upload(job=job, user=request.user, document=document)
    messages.success(request, _("The translated file will replace the original in this language."))


JOB_ACTIONS = {"deliver": _deliver, "return": _return, "approve": _approve, "cancel": _cancel,
               "machine": _machine, "file": _file}


@require_POST
def job_action(request, pk: int, action: str):
    """One endpoint per transition; each answers with the job page and a message."""
    job = _job_for(request, pk)
    try:
        if action not in JOB_ACTIONS:
            raise PermissionDenied
        JOB_ACTIONS[action](request, job)
    except ValidationError as error:
        _fail(request, error)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You do not have the right to do this."))
    return redirect("translations_admin:job", job.pk)


# --- Figures ------------------------------------------------------------------------

def figures(request):
    if not (permissions.has(request.user, "manage") or permissions.can_review(request.user)):
        raise PermissionDenied
    data = selectors.figures()
    top = max([count for _code, _name, count, _people in data.open_by_language] + [1])
    top_month = max([count for _month, count in data.per_month] + [1])
    return _render(request, "translations/admin/figures.html", _("Translation figures"), {
        "figures": data, "top": top, "top_month": top_month,
    }, icon="view")


urlpatterns = [
    path("requests/", queue, name="queue"),
    path("requests/<int:pk>/accept/", accept, name="accept"),
    path("requests/<int:pk>/decline/", decline, name="decline"),
    path("jobs/", jobs, name="jobs"),
    path("jobs/new/", new_job, name="new_job"),
    path("jobs/<int:pk>/", job, name="job"),
    path("jobs/<int:pk>/<str:action>/", job_action, name="job_action"),
    path("figures/", figures, name="figures"),
]

"""Writes for translation on demand: one function per transition of a request or a job.

Requests: (none) --ask--> open --accept--> accepted --(job approved)--> published
                              open --decline--> declined
                              accepted --(job cancelled)--> open
Jobs:     assigned --deliver--> delivered --approve--> published
          delivered --return--> assigned;  assigned|delivered --cancel--> cancelled

Every transition runs in a transaction, writes a ``TranslationEvent`` and sends
its mails after commit, each in its recipient's language.
"""

import json
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation, TranslationSource

from scientix.languages import LANGUAGE_CODES
from scientix.resources.models import ResourcePage
from scientix.translations import mail, permissions
from scientix.translations.machine import machine_strings
from scientix.translations.models import (
    JobState, RequestState, TranslationEvent, TranslationJob, TranslationRequest, TranslationVote,
)
from scientix.translations.selectors import (
    existing_languages, language_name, licence_allows_translation, original_version, translation_progress,
)


class TranslationError(ValidationError):
    """A transition that cannot happen, with the message the person sees."""


def _record(*, action: str, actor, request: TranslationRequest | None = None, job: TranslationJob | None = None,
            note: str = "") -> None:
    TranslationEvent.objects.create(action=action, actor=actor, request=request, job=job, note=note)


# --- Requests ---------------------------------------------------------------

@transaction.atomic
def request_ask(*, user, resource: ResourcePage, language: str) -> TranslationRequest:
    """``user`` asks for ``resource`` in ``language``: opens the request, or adds their voice to it."""
    if language not in LANGUAGE_CODES:
        raise TranslationError(_("Choose one of the 24 languages of the European Union."))
    if not licence_allows_translation(resource=resource):
        raise TranslationError(_("The licence of this resource does not allow translations, so it cannot be translated here."))
    if language in existing_languages(resource=resource):
        raise TranslationError(_("This resource already exists in %(language)s.") % {"language": language_name(language)})
    live = (TranslationRequest.objects.select_for_update()
            .filter(resource_key=resource.translation_key, language=language,
                    state__in=[RequestState.OPEN, RequestState.ACCEPTED])
            .first())
    if live is None:
        try:
            with transaction.atomic():
                live = TranslationRequest.objects.create(resource_key=resource.translation_key, resource=resource, language=language)
        except IntegrityError:  # someone opened it at the same moment: add the voice to theirs
            live = TranslationRequest.objects.select_for_update().get(
                resource_key=resource.translation_key, language=language, state__in=[RequestState.OPEN, RequestState.ACCEPTED]
            )
        else:
            _record(action="opened", actor=user, request=live)
    if TranslationVote.objects.filter(request=live, user=user).exists():
        raise TranslationError(_("You have already asked for this resource in %(language)s: we will write to you when it is published.")
                               % {"language": language_name(language)})
    TranslationVote.objects.create(request=live, user=user)
    TranslationRequest.objects.filter(pk=live.pk).update(vote_count=F("vote_count") + 1)
    live.refresh_from_db(fields=["vote_count"])
    _record(action="asked", actor=user, request=live)
    return live


@transaction.atomic
def request_accept(*, translation_request: TranslationRequest, editor, translator, reviewer=None,
                   due_date: date) -> TranslationJob:
    """Accept an open request: a job for ``translator``, from the resource's original language version."""
    permissions.require(editor, "manage")
    translation_request = TranslationRequest.objects.select_for_update().get(pk=translation_request.pk)
    if translation_request.state != RequestState.OPEN:
        raise TranslationError(_("Only an open request can be accepted; this one is %(state)s.")
                               % {"state": translation_request.get_state_display().lower()})
    if not licence_allows_translation(resource=translation_request.resource):
        raise TranslationError(_("The licence of this resource does not allow translations."))
    source = original_version(resource=translation_request.resource)
    job = job_open(page=source, language=translation_request.language, translator=translator, reviewer=reviewer,
                   due_date=due_date, opened_by=editor, translation_request=translation_request)
    translation_request.state = RequestState.ACCEPTED
    translation_request.decided_by, translation_request.decided_at = editor, timezone.now()
    translation_request.save(update_fields=["state", "decided_by", "decided_at"])
    _record(action="accepted", actor=editor, request=translation_request, job=job)
    return job


@transaction.atomic
def request_decline(*, translation_request: TranslationRequest, editor, reason: str) -> TranslationRequest:
    """Decline an open request; everyone who asked receives the reason."""
    permissions.require(editor, "manage")
    reason = reason.strip()
    if not reason:
        raise TranslationError(_("Give the reason: the people who asked will receive it."))
    translation_request = TranslationRequest.objects.select_for_update().get(pk=translation_request.pk)
    if translation_request.state != RequestState.OPEN:
        raise TranslationError(_("Only an open request can be declined; this one is %(state)s.")
                               % {"state": translation_request.get_state_display().lower()})
    translation_request.state = RequestState.DECLINED
    translation_request.decline_reason = reason
    translation_request.decided_by, translation_request.decided_at = editor, timezone.now()
    translation_request.save(update_fields=["state", "decline_reason", "decided_by", "decided_at"])
    _record(action="declined", actor=editor, request=translation_request, note=reason)
    mail.tell_askers_declined(translation_request=translation_request)
    return translation_request


# --- Jobs ---------------------------------------------------------------------

@transaction.atomic
def job_open(*, page: Page, language: str, translator, reviewer=None, due_date: date, opened_by,
             translation_request: TranslationRequest | None = None) -> TranslationJob:
    """Open a job translating ``page`` into ``language``: a wagtail-localize translation with a draft target page.

    Used for accepted requests and, directly by editors, for news, blog and static pages.
    """
    permissions.require(opened_by, "manage")
    page = page.specific
    if not permissions.can_translate(translator):
        raise TranslationError(_("%(name)s is not a translator.") % {"name": translator.get_full_name() or translator.username})
    if reviewer is not None and not permissions.can_review(reviewer):
        raise TranslationError(_("%(name)s cannot review translations.") % {"name": reviewer.get_full_name() or reviewer.username})
    if reviewer is not None and reviewer.pk == translator.pk:
        raise TranslationError(_("The reviewer must be someone other than the translator."))
    if due_date < timezone.localdate():
        raise TranslationError(_("The due date cannot be in the past."))
    if language not in LANGUAGE_CODES or language == page.locale.language_code:
        raise TranslationError(_("Choose a language other than the page's own."))
    if page.get_translations().filter(locale__language_code=language, live=True).exists():
        raise TranslationError(_("This page is already published in %(language)s.") % {"language": language_name(language)})
    locale, _created = Locale.objects.get_or_create(language_code=language)
    if TranslationJob.objects.filter(source_page=page, target_locale=locale, state__in=[JobState.ASSIGNED, JobState.DELIVERED]).exists():
        raise TranslationError(_("A translation of this page into %(language)s is already under way.") % {"language": language_name(language)})

    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.update_from_db()  # start from the page as it is now
    localize_translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # A draft in the target language (the source text stands in for what is not translated yet);
    # it is published only by job_approve.
    localize_translation.save_target(user=opened_by, publish=False)
    job = TranslationJob.objects.create(
        source_page=page, target_locale=locale, request=translation_request, localize_translation=localize_translation,
        translator=translator, reviewer=reviewer, due_date=due_date, created_by=opened_by,
    )
    _record(action="assigned", actor=opened_by, job=job)
    mail.tell_translator_assigned(job=job)
    return job


@transaction.atomic
def job_file_upload(*, job: TranslationJob, user, document) -> None:
    """The translated file replaces the original's file in this language version (a wagtail-localize override)."""
    job = _lock(job)
    _require_translator(job, user)
    if job.state != JobState.ASSIGNED:
        raise TranslationError(_("Files can be added while the job is with the translator."))
    source = job.localize_translation.source
    segment = OverridableSegment.objects.filter(source=source, context__path="file").select_related("context").first()
    if segment is None:
        raise TranslationError(_("This page has no file to translate."))
    SegmentOverride.objects.update_or_create(
        locale=job.target_locale, context=segment.context,
        defaults={"data_json": json.dumps(str(document.pk)), "last_translated_by": user},
    )
    job.localize_translation.save_target(user=user, publish=False)
    _record(action="file_uploaded", actor=user, job=job, note=document.title)


@transaction.atomic
def job_deliver(*, job: TranslationJob, translator, note: str = "") -> TranslationJob:
    """The translator hands the finished translation to review; every text must be translated."""
    job = _lock(job)
    _require_translator(job, translator)
    if job.state != JobState.ASSIGNED:
        raise TranslationError(_("Only a job with the translator can be delivered."))
    done, total = translation_progress(job=job)
    if done < total:
        raise TranslationError(_("%(missing)d of %(total)d texts are not translated yet.") % {"missing": total - done, "total": total})
    job.localize_translation.save_target(user=translator, publish=False)
    job.state, job.delivered_at, job.note = JobState.DELIVERED, timezone.now(), note.strip()
    job.save(update_fields=["state", "delivered_at", "note"])
    _record(action="delivered", actor=translator, job=job, note=job.note)
    mail.tell_reviewers_delivered(job=job)
    return job


@transaction.atomic
def job_return(*, job: TranslationJob, reviewer, note: str) -> TranslationJob:
    """The reviewer sends the translation back to the translator with what to change."""
    job = _lock(job)
    _require_reviewer(job, reviewer)
    if job.state != JobState.DELIVERED:
        raise TranslationError(_("Only a delivered job can be sent back."))
    if not note.strip():
        raise TranslationError(_("Say what should change: the translator will receive it."))
    job.state, job.note = JobState.ASSIGNED, note.strip()
    job.save(update_fields=["state", "note"])
    _record(action="returned", actor=reviewer, job=job, note=job.note)
    mail.tell_translator_returned(job=job)
    return job


@transaction.atomic
def job_approve(*, job: TranslationJob, reviewer, machine_text_reviewed: bool = False) -> Page:
    """The reviewer approves: the language version is published and everyone who asked is told.

    Machine-drafted text is published only when the reviewer confirms having read it.
    """
    job = _lock(job)
    _require_reviewer(job, reviewer)
    if job.state != JobState.DELIVERED:
        raise TranslationError(_("Only a delivered job can be approved."))
    machine_count = machine_strings(translation=job.localize_translation).count()
    if machine_count and not machine_text_reviewed:
        raise TranslationError(_("Some texts are machine drafts: read them and confirm that you have reviewed them."))
    # wagtail-localize would publish after commit; publishing here keeps the page and the job in one transaction.
    job.localize_translation.save_target(user=reviewer, publish=False)
    target = job.localize_translation.get_target_instance()
    # The reviewer needs no page publish right: approving the job is the authority to publish.
    target.get_latest_revision().publish(user=reviewer, skip_permission_checks=True)
    target.refresh_from_db()
    now = timezone.now()
    job.state, job.published_at = JobState.PUBLISHED, now
    job.save(update_fields=["state", "published_at"])
    _record(action="published", actor=reviewer, job=job,
            note=_("%(count)d machine-drafted texts reviewed") % {"count": machine_count} if machine_count else "")
    if job.request_id:
        TranslationRequest.objects.filter(pk=job.request_id).update(state=RequestState.PUBLISHED)
        _record(action="published", actor=reviewer, request=job.request, job=job)
        mail.tell_askers_published(translation_request=job.request, page=target)
    return target


@transaction.atomic
def job_cancel(*, job: TranslationJob, editor, reason: str) -> TranslationJob:
    """Stop a job (the draft stays); its request, if any, is open again in the queue."""
    permissions.require(editor, "manage")
    job = _lock(job)
    if not job.is_active:
        raise TranslationError(_("This job is already finished."))
    job.state, job.note = JobState.CANCELLED, reason.strip()
    job.save(update_fields=["state", "note"])
    _record(action="cancelled", actor=editor, job=job, note=job.note)
    if job.request_id:
        TranslationRequest.objects.filter(pk=job.request_id).update(state=RequestState.OPEN, decided_by=None, decided_at=None)
        _record(action="reopened", actor=editor, request=job.request, job=job)
    return job


def _lock(job: TranslationJob) -> TranslationJob:
    return TranslationJob.objects.select_for_update(of=("self",)).select_related("localize_translation__source", "target_locale").get(pk=job.pk)


def _require_translator(job: TranslationJob, user) -> None:
    if user.pk != job.translator_id and not permissions.has(user, "manage"):
        raise PermissionDenied(_("Only the job's translator can do this."))


def _require_reviewer(job: TranslationJob, user) -> None:
    if not permissions.can_review(user) or (job.reviewer_id and job.reviewer_id != user.pk and not permissions.has(user, "manage")):
        raise PermissionDenied(_("Only the job's reviewer can do this."))
    if user.pk == job.translator_id:
        raise PermissionDenied(_("A translation is reviewed by someone other than its translator."))



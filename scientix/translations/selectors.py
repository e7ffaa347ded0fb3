"""Reads for translation on demand: what a resource page offers, the editors' queue, jobs, figures."""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language_info
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from scientix.languages import LANGUAGE_CODES
from scientix.resources.models import ResourcePage
from scientix.translations.models import JobState, RequestState, TranslationJob, TranslationRequest, TranslationVote


def language_name(code: str) -> str:
    return str(get_language_info(code)["name_translated"])


def licence_allows_translation(*, resource: ResourcePage) -> bool:
    licence = resource.licence
    return bool(licence and licence.allows_derivatives)


def existing_languages(*, resource: ResourcePage) -> set[str]:
    """Languages the resource is published in."""
    return set(
        ResourcePage.objects.live().filter(translation_key=resource.translation_key)
        .values_list("locale__language_code", flat=True)
    )


def original_version(*, resource: ResourcePage) -> Page:
    """The version translations start from: wagtail-localize's source if there is one, else the first version made."""
    versions = Page.objects.filter(translation_key=resource.translation_key)
    source = TranslationSource.objects.filter(object_id=resource.translation_key, specific_content_type=resource.content_type_id).first()
    if source is not None:
        original = versions.filter(locale_id=source.locale_id).first()
        if original is not None:
            return original.specific
    return versions.order_by("pk").first().specific


@dataclass(frozen=True)
class AskedLanguage:
    code: str
    name: str
    count: int
    state: str
    voted: bool


@dataclass(frozen=True)
class RequestPanel:
    """What the "Ask for a translation" box on a resource shows."""

    allowed: bool  # the licence allows translations
    asked: list[AskedLanguage]  # requests people can join, most asked first
    askable: list[tuple[str, str]]  # (code, name) of languages nobody has asked for yet


def request_panel(*, resource: ResourcePage, user, existing: set[str] | None = None) -> RequestPanel:
    """``existing``: the languages the resource is published in, when the caller has them already."""
    if not licence_allows_translation(resource=resource):
        return RequestPanel(allowed=False, asked=[], askable=[])
    live = TranslationRequest.objects.filter(
        resource_key=resource.translation_key, state__in=[RequestState.OPEN, RequestState.ACCEPTED]
    ).order_by("-vote_count", "language")
    if user.is_authenticated:
        live = live.annotate(voted=Exists(TranslationVote.objects.filter(request=OuterRef("pk"), user=user)))
    if existing is None:
        existing = existing_languages(resource=resource)
    asked = [
        AskedLanguage(code=r.language, name=language_name(r.language), count=r.vote_count, state=r.state,
                      voted=bool(getattr(r, "voted", False)))
        for r in live if r.language not in existing
    ]
    taken = existing | {a.code for a in asked}
    askable = sorted(((code, language_name(code)) for code in LANGUAGE_CODES if code not in taken), key=lambda pair: pair[1])
    return RequestPanel(allowed=True, asked=asked, askable=askable)


def request_queue(*, state: str = RequestState.OPEN, language: str = ""):
    """The editors' queue: most asked first, then oldest."""
    queryset = TranslationRequest.objects.filter(state=state).select_related("resource", "job__translator")
    if language:
        queryset = queryset.filter(language=language)
    return queryset.order_by("-vote_count", "created_at")


def jobs_for(*, user, state: str = ""):
    """Jobs a person works on: a translator's own, what waits for a reviewer, everything for editors."""
    from scientix.translations import permissions

    queryset = TranslationJob.objects.select_related("source_page", "target_locale", "translator", "reviewer", "request")
    if not permissions.has(user, "manage"):
        mine = Q(translator=user)
        if permissions.can_review(user):
            mine |= Q(state=JobState.DELIVERED) & (Q(reviewer=user) | Q(reviewer__isnull=True))
        queryset = queryset.filter(mine)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("state", "due_date", "pk")


def translation_progress(*, job: TranslationJob) -> tuple[int, int]:
    """(translated, total) texts of the job."""
    total, done = job.localize_translation.get_progress()
    return done, total


@dataclass(frozen=True)
class ReviewRow:
    field: str
    source: str
    translation: str
    machine: bool


def review_rows(*, job: TranslationJob) -> list[ReviewRow]:
    """Each text of the job, original beside translation, machine drafts marked."""
    translation = job.localize_translation
    segments = (StringSegment.objects.filter(source_id=translation.source_id)
                .select_related("string", "context").order_by("order"))
    found = {
        (t.translation_of_id, t.context_id): t
        for t in StringTranslation.objects.filter(locale_id=translation.target_locale_id, context__in=[s.context_id for s in segments])
    }
    rows = []
    for segment in segments:
        string_translation = found.get((segment.string_id, segment.context_id))
        rows.append(ReviewRow(
            field=segment.context.path, source=segment.string.data,
            translation=string_translation.data if string_translation else "",
            machine=bool(string_translation and string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE),
        ))
    return rows


# --- Figures for staff ------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    open_by_language: list[tuple[str, str, int, int]]  # (code, name, requests, people)
    median_days_to_publish: float | None  # from acceptance to publication, over published jobs
    published_jobs: int
    per_month: list[tuple[date, int]]  # (first day of the month, translations published), last 12 months, oldest first
    threshold: int
    flagged: int


def figures(*, months: int = 12) -> Figures:
    open_requests = TranslationRequest.objects.filter(state=RequestState.OPEN)
    by_language = (open_requests.values("language")
                   # distinct: the join with the votes repeats each request once per vote
                   .annotate(requests=Count("pk", distinct=True), people=Count("votes__user", distinct=True))
                   .order_by("-requests", "language"))
    published = TranslationJob.objects.filter(state=JobState.PUBLISHED, published_at__isnull=False)
    durations = [
        (published_at - accepted_at) / timedelta(days=1)
        for accepted_at, published_at in published.values_list("accepted_at", "published_at")
    ]
    this_month = timezone.localdate().replace(day=1)
    month_starts = [_months_before(this_month, back) for back in range(months - 1, -1, -1)]
    counted = {
        row["month"].strftime("%Y-%m"): row["count"]
        for row in published.filter(published_at__date__gte=month_starts[0])
        .annotate(month=TruncMonth("published_at")).values("month").annotate(count=Count("pk"))
    }
    per_month = [(start, counted.get(start.strftime("%Y-%m"), 0)) for start in month_starts]
    return Figures(
        open_by_language=[(row["language"], language_name(row["language"]), row["requests"], row["people"]) for row in by_language],
        median_days_to_publish=round(statistics.median(durations), 1) if durations else None,
        published_jobs=len(durations),
        per_month=per_month,
        threshold=settings.TRANSLATION_REQUEST_THRESHOLD,
        flagged=open_requests.filter(vote_count__gte=settings.TRANSLATION_REQUEST_THRESHOLD).count(),
    )


def _months_before(month_start, back: int):
    index = month_start.year * 12 + month_start.month - 1 - back
    return month_start.replace(year=index // 12, month=index % 12 + 1)


def votes_export(*, user) -> list[dict]:
    """The personal-data download: the translations this person asked for."""
    return [
        {"resource": vote.request.resource.title, "language": vote.request.language,
         "state": vote.request.state, "asked_at": vote.created_at.isoformat()}
        for vote in TranslationVote.objects.filter(user=user).select_related("request__resource")
    ]

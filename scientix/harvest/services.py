"""Harvesting: a source's new and changed records become resources, its deletions unpublish them.

One run of one source:

1. ask Identify for the datestamp granularity, then ListRecords with
   ``from=`` the source's high-water mark (nothing the first time);
2. hand each record to the same mapping and rules as the file import
   (``resource_page_values``); a record that breaks a rule is rejected with
   its reason, in its own transaction, so nothing is half-saved;
3. a source without moderation publishes (``page_upsert``); a source with
   moderation creates drafts and revisions that enter the editors' workflow,
   the live version of a page staying online until an editor approves;
4. ``status="deleted"`` unpublishes the page the record became (kept, so an
   editor can look at it or bring it back);
5. the run records its counts and rejections. Only a run that saw the whole
   list moves the high-water mark: records may come in any order, so after
   a failure there may be unprocessed records older than those processed;
   the next run asks again from the old mark and finds the processed ones
   unchanged.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from sickle import oaiexceptions

from scientix.core.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    IndexPages,
    ProgressBar,
    RecordError,
    TermIndex,
    _slug_for,
    _write,
    fields_check,
    page_upsert,
    validation_reason,
)
from scientix.harvest.client import HarvestClient, HarvestError, RawRecord, datestamp_format, datestamp_parse
from scientix.harvest.metadata import dublin_core_read, lom_read
from scientix.harvest.models import HarvestedRecord, HarvestRun, HarvestSource, MetadataPrefix, RunStatus
from scientix.resources.importers import resource_from_dublin_core, resource_from_lom, resource_page_values
from scientix.resources.models import ResourceIndexPage
from scientix.submissions.notifications import moderation_mail_quiet

logger = logging.getLogger(__name__)

DELETED = "deleted"
# Every OAI-PMH error Sickle raises (badArgument, badResumptionToken, ...): they share no base class.
OAI_ERRORS = tuple(
    value for value in vars(oaiexceptions).values() if isinstance(value, type) and issubclass(value, Exception)
)
# A run still "running" after this long was interrupted (the process died): it no longer blocks the source.
RUN_STALE_AFTER = timedelta(hours=6)
def harvest_client(source: HarvestSource) -> HarvestClient:
    """A client with the retry, timeout and size settings (short in tests, patient in production)."""
    return HarvestClient(
        source.base_url,
        timeout=settings.HARVEST_TIMEOUT, retries=settings.HARVEST_RETRIES, backoff=settings.HARVEST_BACKOFF,
        max_delay=settings.HARVEST_MAX_DELAY, max_bytes=settings.HARVEST_MAX_RESPONSE_MB * 1024 * 1024,
    )


def harvest_run(*, source: HarvestSource, stdout=None, progress: bool = True,
                client: HarvestClient | None = None) -> HarvestRun | None:
    """Harvest ``source`` once; return the run with its report (None if another run of it is in progress).

    Never raises for what the remote server does: a network failure, an OAI
    error or a broken response ends the run as failed, with the reason.
    """
    run = _run_start(source=source)
    if run is None:
        return None
    harvest = _Harvest(source=run.source, run=run, client=client or harvest_client(run.source),
                       stdout=stdout if progress else None)
    try:
        with moderation_mail_quiet():  # one mail per harvested draft to every editor would be a flood
            high_water = harvest.execute()
    except HarvestError as error:
        _run_finish(run=run, status=RunStatus.FAILED, error=str(error))
    except OAI_ERRORS as error:
        _run_finish(run=run, status=RunStatus.FAILED, error=_oai_error_text(error))
    except Exception as error:  # a job must end recorded and visible to staff, whatever went wrong
        logger.exception("Harvest of %s failed", source)
        _run_finish(run=run, status=RunStatus.FAILED, error=f"unexpected error: {error!r}")
    else:
        _run_finish(run=run, status=RunStatus.SUCCEEDED, high_water=high_water)
    return run


def harvest_due(*, now: datetime | None = None, stdout=None, progress: bool = False) -> list[HarvestRun]:
    """Harvest every enabled source whose interval has passed since its last run (what the schedule calls)."""
    from scientix.harvest.selectors import sources_due

    runs = []
    for source in sources_due(now=now or timezone.now()):
        run = harvest_run(source=source, stdout=stdout, progress=progress)
        if run is not None:
            runs.append(run)
    return runs


# --- Runs -----------------------------------------------------------------------


@transaction.atomic
def _run_start(*, source: HarvestSource) -> HarvestRun | None:
    """A new run, unless one of this source is in progress (the schedule and "Harvest now" may meet)."""
    source = HarvestSource.objects.select_for_update().get(pk=source.pk)
    running = source.runs.filter(status=RunStatus.RUNNING)
    stale = running.filter(started_at__lt=timezone.now() - RUN_STALE_AFTER)
    stale.update(status=RunStatus.FAILED, finished_at=timezone.now(), error="interrupted: the run never finished")
    if running.exists():
        return None
    return HarvestRun.objects.create(source=source, harvested_from=source.last_datestamp)


def _run_finish(*, run: HarvestRun, status: str, error: str = "", high_water: datetime | None = None) -> None:
    with transaction.atomic():
        run.status, run.error, run.finished_at = status, error, timezone.now()
        run.save()
        if status == RunStatus.SUCCEEDED and high_water is not None:
            source = HarvestSource.objects.select_for_update().get(pk=run.source_id)
            if source.last_datestamp is None or high_water > source.last_datestamp:
                source.last_datestamp = high_water
                source.save(update_fields=["last_datestamp", "updated_at"])


def _oai_error_text(error: Exception) -> str:
    name = type(error).__name__
    code = name[0].lower() + name[1:]
    return f"the server answered {code}" + (f": {error}" if str(error).strip() else "")


class _Progress:
    """The import's progress bar when the server says how many records there are (completeListSize), else a count."""

    def __init__(self, *, total: int | None, stdout):
        self.stdout, self.count = stdout, 0
        self.bar = ProgressBar(total=total, stdout=stdout) if total else None

    def advance(self) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.total = max(self.bar.total, self.count)  # the list may grow while we harvest
            self.bar.advance()
        elif self.stdout is not None and (self.count < 100 or self.count % 100 == 0):
            _write(self.stdout, f"\r{self.count} records")

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.finish()
        elif self.stdout is not None and self.count:
            _write(self.stdout, f"\r{self.count} records\n")


class _Harvest:
    """The state of one run: terms and list pages loaded once, counts, and the highest datestamp seen."""

    SAVE_EVERY = 50  # records between saves of the counts, so the admin shows a long run's progress

    def __init__(self, *, source: HarvestSource, run: HarvestRun, client: HarvestClient, stdout):
        self.source, self.run, self.client, self.stdout = source, run, client, stdout
        self.terms, self.index_pages = TermIndex(), IndexPages(ResourceIndexPage)
        self.high_water: datetime | None = None

    def execute(self) -> datetime | None:
        params = {"metadataPrefix": self.source.metadata_prefix}
        if self.source.set_spec:
            params["set"] = self.source.set_spec
        if self.source.last_datestamp is not None:
            params["from"] = datestamp_format(self.source.last_datestamp, granularity=self.client.granularity())
        try:
            records = self.client.list_records(**params)
        except oaiexceptions.NoRecordsMatch:
            return None  # nothing new: a success
        token = records.resumption_token
        size = getattr(token, "complete_list_size", None)
        progress = _Progress(total=int(size) if size and str(size).isdigit() else None, stdout=self.stdout)
        for number, record in enumerate(records, start=1):
            self._record(record)
            progress.advance()
            if number % self.SAVE_EVERY == 0:
                self.run.save()
        progress.finish()
        return self.high_water

    def _record(self, record: RawRecord) -> None:
        identifier = record.identifier or "(no identifier)"
        try:
            outcome = self._record_process(record)
        except RecordError as error:
            self._reject(identifier, str(error))
        except ValidationError as error:
            self._reject(identifier, validation_reason(error))
        except DatabaseError as error:
            self._reject(identifier, f"the database refused it: {error}")
        else:
            setattr(self.run, outcome, getattr(self.run, outcome) + 1)

    def _reject(self, identifier: str, reason: str) -> None:
        self.run.rejected += 1
        self.run.rejections.append({"identifier": identifier, "reason": reason})

    def _record_process(self, record: RawRecord) -> str:
        if not record.identifier:
            raise RecordError("the record's header has no identifier")
        try:
            datestamp = datestamp_parse(record.datestamp)
        except ValueError as error:
            raise RecordError(f"datestamp: {error}") from error
        # Rejected records count as seen too: they are rejected again until the source changes them.
        self.high_water = max(self.high_water or datestamp, datestamp)
        mapping = HarvestedRecord.objects.filter(source=self.source, oai_identifier=record.identifier).first()
        if record.deleted:
            return _record_delete(mapping=mapping, datestamp=datestamp)
        data = self._resource_data(record)
        self.index_pages.of(data.language)  # outside the record's transaction (see IndexPages)
        with transaction.atomic():
            values = resource_page_values(data, terms=self.terms, index_pages=self.index_pages)
            if self.source.needs_moderation:
                outcome, page = _draft_upsert(**values)
            else:
                outcome = page_upsert(**values)
                page = values["model"].objects.get(locale_id=values["index_page"].locale_id, **values["key"])
            if mapping is not None and mapping.deleted:
                outcome = _record_restore(page=page, moderated=self.source.needs_moderation) or outcome
            if mapping is not None and mapping.page_id not in (None, page.pk):
                _page_withdraw(mapping.page)  # the record changed language: its page in the old one goes
            HarvestedRecord.objects.update_or_create(
                source=self.source, oai_identifier=record.identifier,
                defaults={"datestamp": datestamp, "page": page, "deleted": False},
            )
        return outcome

    def _resource_data(self, record: RawRecord):
        identifier = f"{self.source.identifier_prefix}{record.identifier}"
        language = self.source.default_language
        if self.source.metadata_prefix == MetadataPrefix.LOM:
            data = resource_from_lom(lom_read(record.metadata), terms=self.terms, default_language=language)
            data.identifier = identifier  # the OAI identifier is what updates and deletions name
            return data
        return resource_from_dublin_core(dublin_core_read(record.metadata), identifier=identifier,
                                         terms=self.terms, default_language=language)


# --- Pages ----------------------------------------------------------------------


def _moderation_start(page) -> None:
    """Send the page's latest revision to the editors' workflow (the one submissions use), if not there already."""
    if page.workflow_in_progress:
        return
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)


def _snapshot(page, fields: dict, relations: dict) -> tuple:
    return (
        tuple(getattr(page, name) for name in fields),
        tuple(tuple(sorted(item.pk for item in getattr(page, name).all())) for name in relations),
    )


def _draft_upsert(*, model, index_page, key: dict, fields: dict, relations: dict) -> tuple[str, object]:
    """Like ``page_upsert``, but nothing goes live: a new page is a draft, a change a new revision, both moderated.

    Changes are compared with the page's latest revision (what the editors will
    review), so a record harvested again unchanged adds no revision.
    """
    page = model.objects.filter(locale_id=index_page.locale_id, **key).first()
    if page is None:
        page = model(locale_id=index_page.locale_id, live=False, **key, **fields)
        fields_check(page, [*key, *fields])
        other_version = model.objects.filter(**key).exclude(locale_id=index_page.locale_id).first()
        if other_version is not None:
            page.translation_key = other_version.translation_key
        page.slug = _slug_for(index_page, fields["title"], model._meta.model_name)
        index_page.add_child(instance=page)
        for name, value in relations.items():
            setattr(page, name, value)
        page.save()  # the draft's own terms, not only its revision's
        page.save_revision(log_action=True)
        _moderation_start(page)
        return CREATED, page
    latest = page.get_latest_revision_as_object()
    before = _snapshot(latest, fields, relations)
    for name, value in {**fields, **relations}.items():
        setattr(latest, name, value)
    if _snapshot(latest, fields, relations) == before:
        return UNCHANGED, page
    fields_check(latest, fields)
    latest.save_revision(log_action=True)
    page.refresh_from_db()
    _moderation_start(page)
    return UPDATED, page


def _record_delete(*, mapping: HarvestedRecord | None, datestamp: datetime) -> str:
    """Unpublish the page a deleted record became; a record we never took, or deleted already, changes nothing."""
    if mapping is None or mapping.deleted:
        return UNCHANGED
    with transaction.atomic():
        if mapping.page is not None:
            _page_withdraw(mapping.page)
        mapping.deleted, mapping.datestamp = True, datestamp
        mapping.save(update_fields=["deleted", "datestamp"])
    return DELETED


def _page_withdraw(page) -> None:
    """Take a page offline and out of moderation; it is kept, with its history."""
    page = page.specific
    if page.workflow_in_progress:
        page.current_workflow_state.cancel(user=None)
    if page.live:
        page.unpublish(log_action=True)


def _record_restore(*, page, moderated: bool) -> str | None:
    """A record deleted at the source is back: publish its page again (or send it to moderation)."""
    if page.live:
        return None
    if moderated:
        _moderation_start(page)
    else:
        page.get_latest_revision().publish()
    return UPDATED

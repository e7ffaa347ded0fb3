"""Writes to the OAI-PMH records: keep each item's datestamp, deleted flag and sets in step with its pages.

``oai_record_sync`` runs inside the transaction of the page change (signals
call it), so a record and its pages commit or roll back together; harvesters
never see a datestamp for a change that did not happen, nor miss one that did.
"""

import uuid
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from scientix.oai import selectors
from scientix.oai.models import OaiRecord, OaiRecordSet


def _now():
    return timezone.now().replace(microsecond=0)


def oai_record_sync(*, kind: str, translation_key: uuid.UUID, now=None) -> OaiRecord | None:
    """Bring one item's record up to date with its live public language versions.

    Public versions: the record exists, is not deleted, carries their sets and
    a new datestamp. None left: a record that harvesters have seen becomes a
    deleted record (kept forever, with its last sets); an item that was never
    public gets no record at all.
    """
    now = now or _now()
    versions = list(selectors.public_versions(kind=kind, translation_keys=[translation_key]))
    with transaction.atomic():
        record = OaiRecord.objects.select_for_update().filter(translation_key=translation_key).first()
        if not versions:
            if record is not None and not record.deleted:
                record.deleted, record.datestamp = True, now
                record.save(update_fields=["deleted", "datestamp"])
            return record
        if record is None:
            record = OaiRecord.objects.create(kind=kind, translation_key=translation_key, datestamp=now)
        else:
            record.kind, record.deleted, record.datestamp = kind, False, now
            record.save(update_fields=["kind", "deleted", "datestamp"])
        _sets_replace(record, selectors.set_specs(kind=kind, versions=versions))
        return record


def _sets_replace(record: OaiRecord, specs: set[str]) -> None:
    current = set(record.sets.values_list("spec", flat=True)) if record.pk else set()
    if current - specs:
        record.sets.filter(spec__in=current - specs).delete()
    OaiRecordSet.objects.bulk_create([OaiRecordSet(record=record, spec=spec) for spec in sorted(specs - current)])


def oai_records_sync_below(*, page: Page) -> int:
    """Sync every item with a version at or below ``page`` (after a move, a slug or privacy change).

    Addresses and visibility follow the tree, so every item underneath changes.
    """
    models = [selectors.kind_model(kind) for kind in selectors.OAI_KINDS]
    below = Page.objects.descendant_of(page, inclusive=True).type(*models)
    keys = {}
    for content_type_id, key in below.values_list("content_type_id", "translation_key").distinct():
        keys[key] = selectors.kind_of_content_type(content_type_id)
    now = _now()
    for key, kind in keys.items():
        oai_record_sync(kind=kind, translation_key=key, now=now)
    return len(keys)


def oai_records_rebuild(*, touch: bool = False, progress: Callable[[int], None] | None = None,
                        batch_size: int = 500) -> dict[str, int]:
    """Repair the records from the live pages (``manage.py oai_rebuild``); returns counts.

    A record that is missing, wrongly deleted, wrongly live or in the wrong
    sets is fixed and gets a new datestamp, so incremental harvesters pick it
    up; records already right keep theirs. ``touch`` gives every record a new
    datestamp (after a change in how metadata is written: harvesters should
    fetch everything again).
    """
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    now = _now()
    seen: set = set()
    for kind in selectors.OAI_KINDS:
        for batch in _items(kind, batch_size):
            with transaction.atomic():
                existing = {record.translation_key: record for record in
                            OaiRecord.objects.filter(translation_key__in=list(batch)).prefetch_related("sets")}
                for key, versions in batch.items():
                    seen.add(key)
                    counts[_item_repair(kind, key, versions, existing.get(key), now=now, touch=touch)] += 1
            if progress:
                progress(len(batch))
    # Records whose items have no public version any more: deleted records, harvesters must hear of it.
    gone = list(set(OaiRecord.objects.filter(deleted=False).values_list("translation_key", flat=True)) - seen)
    for start in range(0, len(gone), batch_size):
        chunk = gone[start:start + batch_size]
        counts["deleted"] += OaiRecord.objects.filter(translation_key__in=chunk).update(deleted=True, datestamp=now)
    if touch:
        OaiRecord.objects.filter(deleted=True).update(datestamp=now)
    return counts


def _items(kind: str, batch_size: int) -> Iterable[dict]:
    """The live public versions of ``kind``, a batch of whole items (translation_key -> versions) at a time."""
    keys = list(selectors.public_versions(kind=kind).order_by().values_list("translation_key", flat=True).distinct())
    keys.sort()
    for start in range(0, len(keys), batch_size):
        chunk = keys[start:start + batch_size]
        batch: dict = {key: [] for key in chunk}
        for page in selectors.public_versions(kind=kind, translation_keys=chunk):
            batch[page.translation_key].append(page)
        yield batch


def _item_repair(kind, key, versions, record, *, now, touch: bool) -> str:
    specs = selectors.set_specs(kind=kind, versions=versions)
    if record is None:
        record = OaiRecord.objects.create(kind=kind, translation_key=key, datestamp=now)
        _sets_replace(record, specs)
        return "created"
    current = {membership.spec for membership in record.sets.all()}
    if not touch and not record.deleted and record.kind == kind and current == specs:
        return "unchanged"
    record.kind, record.deleted, record.datestamp = kind, False, now
    record.save(update_fields=["kind", "deleted", "datestamp"])
    _sets_replace(record, specs)
    return "updated"


def public_item_count() -> int:
    return sum(selectors.public_versions(kind=kind).order_by().values("translation_key").distinct().count()
               for kind in selectors.OAI_KINDS)

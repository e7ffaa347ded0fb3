"""Reads for the OAI-PMH provider: records by datestamp and set, the public pages behind them, the sets."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Min, OuterRef, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from scientix.oai.models import OaiRecord, OaiRecordSet
from scientix.search import registry

# The content types harvesters get, by their search-registry names.
OAI_KINDS = ("resource", "project", "collection")
SET_GROUPS = {"type": _("Content types"), "subject": _("Subjects"), "language": _("Languages")}


def kind_model(kind: str):
    return registry.KINDS[kind].model


def kind_of_content_type(content_type_id: int) -> str:
    # get_for_model is cached by Django (and cleared when content types are rebuilt, e.g. after a flush).
    kinds = {ContentType.objects.get_for_model(kind_model(kind)).pk: kind for kind in OAI_KINDS}
    return kinds[content_type_id]


def kind_of_page(page) -> str | None:
    kind = registry.kind_of(page)
    return kind.name if kind is not None and kind.name in OAI_KINDS else None


def public_versions(*, kind: str, translation_keys=None):
    """Live, public language versions of ``kind``, with what the metadata reads, in a fixed number of queries."""
    from scientix.resources.models import CollectionItem

    model = kind_model(kind)
    pages = model.objects.live().public().select_related("locale")
    if translation_keys is not None:
        pages = pages.filter(translation_key__in=list(translation_keys))
    if kind == "resource":
        pages = pages.select_related("file").prefetch_related(registry.terms_prefetch())
    elif kind == "project":
        pages = pages.select_related("coordinator").prefetch_related(registry.terms_prefetch(), "partners")
    elif kind == "collection":
        pages = pages.prefetch_related(Prefetch(
            "items", queryset=CollectionItem.objects.select_related("resource").order_by("sort_order", "pk")))
    return pages.order_by("translation_key", "pk")


def set_specs(*, kind: str, versions) -> set[str]:
    """The sets of an item: its type, the languages of its versions, its subjects with their broader subjects."""
    specs = {f"type:{kind}"}
    for page in versions:
        specs.add(f"language:{page.locale.language_code}")
        if hasattr(page, "terms"):
            specs.update(f"subject:{code}" for code in registry.term_facets(page.terms.all()).get("subject", []))
    return specs


def records_matching(*, kinds, start: datetime | None = None, end: datetime | None = None,
                     set_spec: str | None = None):
    """Records of ``kinds`` with a datestamp in [start, end]; in ``set_spec`` or one of its subsets."""
    records = OaiRecord.objects.filter(kind__in=list(kinds))
    if start is not None:
        records = records.filter(datestamp__gte=start)
    if end is not None:
        records = records.filter(datestamp__lte=end)
    if set_spec:
        member = OaiRecordSet.objects.filter(record=OuterRef("pk")).filter(
            Q(spec=set_spec) | Q(spec__startswith=f"{set_spec}:"))
        records = records.filter(Exists(member))
    return records


def records_after(records, *, position: tuple[datetime, int] | None, limit: int) -> list[OaiRecord]:
    """Up to ``limit`` records after ``position`` in (datestamp, id) order, with their sets."""
    if position is not None:
        moment, last_id = position
        records = records.filter(Q(datestamp__gt=moment) | Q(datestamp=moment, pk__gt=last_id))
    return list(records.order_by("datestamp", "pk").prefetch_related("sets")[:limit])


def record_get(*, kind: str, translation_key) -> OaiRecord | None:
    return OaiRecord.objects.filter(kind=kind, translation_key=translation_key).prefetch_related("sets").first()


def record_versions(records: list[OaiRecord]) -> dict:
    """translation_key -> live public versions (oldest first: the original, then translations)."""
    found: dict = {}
    by_kind: dict[str, list] = {}
    for record in records:
        if not record.deleted:
            by_kind.setdefault(record.kind, []).append(record.translation_key)
    for kind, keys in by_kind.items():
        for page in public_versions(kind=kind, translation_keys=keys):
            found.setdefault(page.translation_key, []).append(page)
    return found


def earliest_datestamp() -> datetime | None:
    return OaiRecord.objects.aggregate(earliest=Min("datestamp"))["earliest"]


def set_list() -> list[tuple[str, str]]:
    """Every set: (setSpec, setName in English), the groups first, then their members.

    The sets come from the vocabularies and the configured languages, not from
    the records, so an empty set is listed too (harvesters may subscribe ahead).
    """
    from scientix.vocabularies.models import Term

    with translation.override("en"):
        sets = [(spec, str(name)) for spec, name in SET_GROUPS.items()]
        sets += [(f"type:{kind}", str(registry.KINDS[kind].label)) for kind in OAI_KINDS]
        sets += [(f"subject:{term.code}", term.label_in("en")) for term in Term.objects.of("subject")]
        sets += [(f"language:{code}", str(name)) for code, name in settings.LANGUAGES]
    return sets

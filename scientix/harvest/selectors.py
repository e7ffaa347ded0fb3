"""Reads about harvesting: which sources are due, a source's runs."""

from datetime import datetime, timedelta

from django.db.models import Max, QuerySet

from scientix.harvest.models import HarvestRun, HarvestSource


def sources_due(*, now: datetime) -> list[HarvestSource]:
    """Enabled sources never harvested, or last harvested at least their interval ago."""
    sources = HarvestSource.objects.filter(enabled=True).annotate(last_started=Max("runs__started_at"))
    return [
        source for source in sources
        if source.last_started is None or source.last_started <= now - timedelta(hours=source.interval_hours)
    ]


def sources_named(*, names: list[str]) -> tuple[list[HarvestSource], list[str]]:
    """The sources given by name or id (in that order), and the names that match none."""
    found, unknown = [], []
    for name in names:
        source = HarvestSource.objects.filter(name=name).first()
        if source is None and name.isdigit():
            source = HarvestSource.objects.filter(pk=int(name)).first()
        if source is None:
            unknown.append(name)
        elif source not in found:
            found.append(source)
    return found, unknown


def source_runs(*, source: HarvestSource) -> QuerySet[HarvestRun]:
    return HarvestRun.objects.filter(source=source).order_by("-started_at", "-pk")

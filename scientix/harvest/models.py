"""Remote OAI-PMH repositories we harvest, each run's report, and which page each harvested record became."""

import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scientix.languages import EU_LANGUAGES


class MetadataPrefix(models.TextChoices):
    OAI_DC = "oai_dc", _("Dublin Core (oai_dc)")
    LOM = "lom", _("IEEE LOM (lom)")


class HarvestSource(models.Model):
    """A remote OAI-PMH repository whose records become resources here.

    ``last_datestamp`` is the high-water mark: the latest record datestamp
    processed so far. The next run asks only for records from that moment on
    (``from=``, inclusive, so a record stamped in the same second or day is
    seen again and found unchanged rather than missed).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    base_url = models.URLField(
        _("base URL"), max_length=500,
        # Its own code: a URLField replaces the message of code "invalid" with its generic one.
        validators=[URLValidator(schemes=["http", "https"], code="scheme",
                                 message=_("Only http and https addresses can be harvested."))],
        help_text=_("The repository's OAI-PMH base URL (http or https), without ?verb=..."),
    )
    metadata_prefix = models.CharField(
        _("metadata format"), max_length=16, choices=MetadataPrefix.choices, default=MetadataPrefix.OAI_DC
    )
    set_spec = models.CharField(
        _("set"), max_length=200, blank=True,
        help_text=_("Harvest only this OAI set (its setSpec); empty: all records."),
    )
    needs_moderation = models.BooleanField(
        _("needs moderation"), default=True,
        help_text=_("New and changed records wait for an editor's approval instead of being published directly."),
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=EU_LANGUAGES, blank=True,
        help_text=_("For records that do not say which language they are in."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    interval_hours = models.PositiveSmallIntegerField(
        _("interval (hours)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 90)],
        help_text=_("The scheduled harvest fetches this source again after this many hours."),
    )
    last_datestamp = models.DateTimeField(
        _("harvested up to"), null=True, blank=True,
        help_text=_("The latest record datestamp harvested. Empty it to harvest every record again."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        parts = urlsplit(self.base_url or "")
        if parts.query or parts.fragment:
            # The harvester adds verb=... itself; a query here would be sent twice or lost.
            raise ValidationError({"base_url": _("Give the base URL without a query (?...) or fragment (#...).")})
        if parts.hostname:
            from scientix.harvest.client import internal_address

            try:
                internal = internal_address(self.base_url)
            except (socket.gaierror, UnicodeError):
                raise ValidationError({"base_url": _("The host name %(host)s cannot be found: check the address.")
                                       % {"host": parts.hostname}}) from None
            if internal:
                raise ValidationError({"base_url": _(
                    "This address leads to an internal network (%(address)s): only public servers can be harvested."
                ) % {"address": internal}})

    @property
    def identifier_prefix(self) -> str:
        """What resource identifiers of this source start with: two sources may use the same OAI identifiers."""
        return f"harvest:{self.pk}:"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class HarvestRun(models.Model):
    """One harvest of one source: what it did, record by record counts, and why records were rejected."""

    source = models.ForeignKey(HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    harvested_from = models.DateTimeField(
        _("from datestamp"), null=True, blank=True, help_text=_("Empty when the run asked for every record.")
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejections = models.JSONField(_("rejected records"), default=list, blank=True)  # [{identifier, reason}]
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    def summary(self) -> str:
        """The report as text, as the command prints it."""
        lines = [
            f"{self.source}: {self.get_status_display()}. {self.created} created, {self.updated} updated, "
            f"{self.deleted} deleted, {self.unchanged} unchanged, {self.rejected} rejected."
        ]
        if self.rejections:
            lines.append("Rejected:")
            lines += [f"  {item['identifier']}: {item['reason']}" for item in self.rejections]
        if self.error:
            lines.append(f"Error: {self.error}")
        return "\n".join(lines)


class HarvestedRecord(models.Model):
    """Which page an OAI record of a source became, so that its updates and deletions find that page."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="records")
    oai_identifier = models.CharField(_("OAI identifier"), max_length=255)
    datestamp = models.DateTimeField(_("datestamp"))
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    deleted = models.BooleanField(_("deleted at the source"), default=False)

    class Meta:
        verbose_name = _("harvested record")
        verbose_name_plural = _("harvested records")
        constraints = [models.UniqueConstraint(fields=["source", "oai_identifier"], name="harvest_record_unique")]

    def __str__(self):
        return self.oai_identifier

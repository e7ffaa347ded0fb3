"""What the OAI-PMH provider remembers about each item it has ever shown to harvesters.

Metadata is built from the live pages at request time; only what cannot be
rebuilt from them is stored here: when the item last changed (the OAI
datestamp), whether it is gone (OAI ``deletedRecord`` = persistent, so a
deleted item keeps its header forever), and the sets it belongs to (kept
after deletion so that a harvester of one set hears about the deletion too).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OaiRecord(models.Model):
    """One item (all language versions sharing ``translation_key``) as harvesters see it."""

    kind = models.CharField(_("kind"), max_length=32)  # "resource", "project", "collection" (scientix.search.registry)
    translation_key = models.UUIDField(_("translation key"), unique=True)
    # Whole seconds, UTC: the granularity announced in Identify, so from/until compare exactly.
    datestamp = models.DateTimeField(_("datestamp"))
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("OAI-PMH record")
        verbose_name_plural = _("OAI-PMH records")
        # Every list is read in (datestamp, id) order from a keyset position.
        indexes = [models.Index(fields=["datestamp", "id"], name="oai_record_datestamp_id")]

    def __str__(self):
        return f"{self.kind}/{self.translation_key}"


class OaiRecordSet(models.Model):
    """Membership of a record in one set ("type:resource", "subject:physics", "language:fr")."""

    record = models.ForeignKey(OaiRecord, on_delete=models.CASCADE, related_name="sets")
    spec = models.CharField(_("set"), max_length=100)

    class Meta:
        verbose_name = _("OAI-PMH set membership")
        constraints = [models.UniqueConstraint(fields=["record", "spec"], name="oai_one_membership_per_set")]
        indexes = [models.Index(fields=["spec", "record"], name="oai_set_spec_record")]

    def __str__(self):
        return self.spec

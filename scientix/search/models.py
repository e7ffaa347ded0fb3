"""The search index: one row per indexed item and language version.

The text columns hold terms already analysed in the item's language
(``analysis.analyse``), so each engine only has to match tokens: SQLite keeps
them in an FTS5 table fed by triggers, PostgreSQL in a generated ``tsvector``
column with a GIN index (both made in migration 0002). Index and data change
in the same transaction.
"""

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=32)  # "resource", "project", ... (registry.KINDS)
    object_id = models.PositiveBigIntegerField()  # the page's id
    translation_key = models.UUIDField(db_index=True)  # shared by all language versions of one item
    language = models.CharField(max_length=8)
    title = models.TextField()
    url = models.CharField(max_length=1000)
    body = models.TextField(blank=True)  # plain text, quoted in snippets
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # "_subject=physics _language=fr ...": filters match them, facet counts read them.
    facet_terms = models.TextField(blank=True)
    sort_title = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document_per_object")]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language})"


class SearchState(models.Model):
    """One row: a random token replaced by every write to the index (see ``snapshot``)."""

    token = models.CharField(max_length=32)


class SearchChange(models.Model):
    """The items one write to the index touched, under the token it set (see ``snapshot``)."""

    token = models.CharField(max_length=32)
    previous = models.CharField(max_length=32, blank=True)  # the token it replaced
    translation_key = models.UUIDField(null=True)  # None: too many to list (bulk load, rebuild)

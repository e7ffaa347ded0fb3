from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.TextChoices):
    SUBJECT = "subject", _("Subjects")
    TARGET_GROUP = "target_group", _("Target groups")
    RESOURCE_TYPE = "resource_type", _("Learning resource types")
    END_USER_ROLE = "end_user_role", _("Intended end-user roles")
    EDUCATION_LEVEL = "education_level", _("Education levels")
    AGE_RANGE = "age_range", _("Age ranges")
    FUNDING_PROGRAMME = "funding_programme", _("Funding programmes")
    LICENCE = "licence", _("Licences")


class TermQuerySet(models.QuerySet):
    def of(self, vocabulary: str):
        return self.filter(vocabulary=vocabulary)


class Term(models.Model):
    """One entry of a controlled vocabulary, labelled in every EU language.

    Labels live in one JSON object ({"en": "Physics", "de": "Physik", ...}):
    24 columns or a row per label would cost a join on every list page.
    """

    vocabulary = models.CharField(_("vocabulary"), max_length=32, choices=Vocabulary.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=80)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    labels = models.JSONField(_("labels"), default=dict)
    sort_order = models.PositiveIntegerField(default=0)
    # Licences: SPDX identifier, deed URL, whether derivatives (translations) are allowed.
    spdx_id = models.CharField(max_length=64, blank=True)
    url = models.URLField(blank=True)
    allows_derivatives = models.BooleanField(null=True, blank=True)
    # Age ranges.
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code"], name="unique_term_code_per_vocabulary")]
        verbose_name = _("term")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language, else English, else the code."""
        return self.label_in(translation.get_language() or "en")

    def label_in(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.code

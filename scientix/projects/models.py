from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from scientix.core.text import validate_plain_text
from scientix.pages.models import FallbackRoutingMixin, ListPage
from scientix.vocabularies.classification import ClassifiedPageMixin, Facet, classified_admin_form

PROJECT_FACETS = [
    Facet("programme", "funding_programme", single=True),
    Facet("subjects", "subject"),
    Facet("target_groups", "target_group"),
    Facet("age_ranges", "age_range"),
]


class Organisation(models.Model):
    """A coordinator or partner of projects."""

    name = models.CharField(_("name"), max_length=255, validators=[validate_plain_text])
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="unique_organisation_per_country")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country else self.name


class ProjectIndexPage(ListPage):
    """/projects/: the browsable, filterable list of projects."""

    child_model_name = "projects.ProjectPage"
    list_view = "scientix.projects.views.project_list"
    child_select_related = ("coordinator",)

    subpage_types = ["projects.ProjectPage"]

    class Meta:
        verbose_name = _("project list")


class ProjectPage(FallbackRoutingMixin, ClassifiedPageMixin, Page):
    """A publicly funded STEM education project; one page per language."""

    acronym = models.CharField(_("acronym"), max_length=40, blank=True, validators=[validate_plain_text])
    description = models.TextField(_("description"), max_length=10_000, validators=[validate_plain_text])
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, validators=[validate_plain_text])
    results = models.TextField(_("results"), max_length=10_000, blank=True, validators=[validate_plain_text])
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    coordinator = models.ForeignKey(
        Organisation, verbose_name=_("coordinator"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="coordinated_projects",
    )
    partners = ParentalManyToManyField(Organisation, verbose_name=_("partners"), blank=True, related_name="partner_in")
    terms = ParentalManyToManyField("vocabularies.Term", blank=True, related_name="projects")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    external_id = models.CharField(
        _("external identifier"), max_length=100, blank=True, db_index=True,
        help_text=_("Where the record came from, e.g. cordis:894593; imports update by it."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    base_form_class = classified_admin_form(PROJECT_FACETS)
    content_panels = Page.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("description"),
        FieldPanel("keywords"),
        FieldPanel("results"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        MultiFieldPanel([FieldPanel("coordinator"), FieldPanel("partners")], _("Organisations")),
        MultiFieldPanel([FieldPanel(facet.field) for facet in PROJECT_FACETS], _("Classification")),
        FieldPanel("website"),
        FieldPanel("external_id"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acronym"), index.SearchField("description"), index.SearchField("keywords"),
    ]
    override_translatable_fields = [
        TranslatableField("title"), TranslatableField("description"), TranslatableField("keywords"),
        TranslatableField("results"), SynchronizedField("acronym"), SynchronizedField("slug"),
    ]
    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A project cannot end before it starts.")})

    @property
    def is_active(self) -> bool:
        today = date.today()
        return (self.start_date is None or self.start_date <= today) and (self.end_date is None or self.end_date >= today)

    def partner_list(self) -> list:
        if not hasattr(self, "_partner_list"):
            self._partner_list = list(self.partners.all())
        return self._partner_list

    @property
    def countries(self) -> list:
        organisations = [self.coordinator, *self.partner_list()]
        return sorted({org.country for org in organisations if org and org.country}, key=lambda c: c.code)

    def get_template(self, request, *args, **kwargs):
        return "projects/project_page.html"

    def get_context(self, request, *args, **kwargs):
        from django.utils import translation

        from scientix.projects.selectors import project_json_ld
        from scientix.resources.selectors import language_versions
        from scientix.vocabularies.browse import in_reader_language

        context = super().get_context(request, *args, **kwargs)
        context["versions"] = language_versions(page=self)
        context["resources"] = in_reader_language(self.resources.live(), language=translation.get_language())
        context["json_ld"] = project_json_ld(project=self)
        return context

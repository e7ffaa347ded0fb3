from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from scientix.core.text import validate_plain_text
from scientix.pages.models import FallbackRoutingMixin, ListPage
from scientix.vocabularies.classification import ClassifiedPageMixin, Facet, classified_admin_form

RESOURCE_FACETS = [
    Facet("resource_types", "resource_type"),
    Facet("subjects", "subject"),
    Facet("education_levels", "education_level"),
    Facet("age_ranges", "age_range"),
    Facet("end_user_roles", "end_user_role"),
    Facet("licence", "licence", single=True),
]


class ResourceKind(models.TextChoices):
    TEACHING_MATERIAL = "teaching_material", _("Teaching material")
    STUDENT_MATERIAL = "student_material", _("Student material")
    REPORT = "report", _("Report")


class ResourceIndexPage(ListPage):
    """/resources/: the browsable, filterable list of resources."""

    child_model_name = "resources.ResourcePage"
    list_view = "scientix.resources.views.resource_list"
    child_select_related = ("file", "project")

    subpage_types = ["resources.ResourcePage", "resources.CollectionPage"]

    class Meta:
        verbose_name = _("resource list")


class ResourcePage(FallbackRoutingMixin, ClassifiedPageMixin, Page):
    """A teaching material, student material or report, described with IEEE LOM / LRE fields.

    Title, description and keywords are translated (one page per language);
    everything else is shared by all language versions.
    """

    description = models.TextField(_("description"), max_length=10_000, validators=[validate_plain_text])
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, validators=[validate_plain_text])
    kind = models.CharField(_("kind"), max_length=32, choices=ResourceKind.choices, default=ResourceKind.TEACHING_MATERIAL)
    identifier = models.CharField(
        _("identifier"), max_length=255, blank=True, db_index=True,
        help_text=_("The record's identifier where it came from (LOM general.identifier); imports update by it."),
    )
    link = models.URLField(_("link"), blank=True, max_length=1000)
    file = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(_("format"), max_length=120, blank=True, help_text=_("MIME type, e.g. application/pdf"))
    rights = models.CharField(_("rights holder"), max_length=255, blank=True, validators=[validate_plain_text])
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    age_min = models.PositiveSmallIntegerField(_("typical age from"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("typical age to"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.ProjectPage", verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resources",
    )
    terms = ParentalManyToManyField("vocabularies.Term", blank=True, related_name="resources")
    # Kept on every language version so that lists sort by rating and details
    # show the averages without aggregating; rating_submit keeps them current.
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    rating_pedagogical_value = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    rating_curricular_integration = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    rating_clarity = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    base_form_class = classified_admin_form(RESOURCE_FACETS, required=("licence",))
    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("keywords"),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("link"), FieldPanel("file"), FieldPanel("format")], _("Where to find it")),
        MultiFieldPanel([FieldPanel(facet.field) for facet in RESOURCE_FACETS], _("Classification")),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
        FieldPanel("rights"),
        FieldPanel("free_of_charge"),
        FieldPanel("project"),
        FieldPanel("identifier"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description"), index.SearchField("keywords")]
    override_translatable_fields = [
        TranslatableField("title"), TranslatableField("description"), TranslatableField("keywords"),
        SynchronizedField("slug"),
    ]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def clean(self):
        super().clean()
        errors = {}
        if not self.link and not self.file_id:
            errors["link"] = _("Give a link or a file: a resource must be reachable.")
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The upper age cannot be below the lower age.")
        if errors:
            raise ValidationError(errors)

    @property
    def licence(self):
        found = self.terms_of("licence")
        return found[0] if found else None

    def get_template(self, request, *args, **kwargs):
        return "resources/resource_page.html"

    def get_context(self, request, *args, **kwargs):
        from scientix.resources import selectors
        from scientix.resources.forms import RatingForm, ReviewForm
        from scientix.translations.selectors import request_panel

        context = super().get_context(request, *args, **kwargs)
        ratings = selectors.resource_ratings(resource=self)
        versions = selectors.language_versions(page=self)
        context.update({
            "ratings": ratings,
            "reviews": selectors.resource_reviews(resource=self),
            "versions": versions,
            "json_ld": selectors.resource_json_ld(resource=self, ratings=ratings),
            "rating_form": RatingForm(),
            "review_form": ReviewForm(),
            "translation_panel": request_panel(
                resource=self, user=request.user, existing={version.locale.language_code for version in versions}
            ),
        })
        return context


class CollectionPage(FallbackRoutingMixin, Page):
    """A curated, ordered list of resources with its own description."""

    description = models.TextField(_("description"), max_length=5000, blank=True, validators=[validate_plain_text])

    content_panels = Page.content_panels + [FieldPanel("description"), InlinePanel("items", label=_("Resources"))]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def get_template(self, request, *args, **kwargs):
        return "resources/collection_page.html"

    def get_context(self, request, *args, **kwargs):
        from scientix.resources.selectors import collection_json_ld, collection_resources

        context = super().get_context(request, *args, **kwargs)
        context["resources"] = collection_resources(collection=self)
        context["json_ld"] = collection_json_ld(collection=self, resources=context["resources"])
        return context


class CollectionItem(Orderable):
    collection = ParentalKey(CollectionPage, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("resource")]


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Rating(models.Model):
    """One person's rating of a resource on the three Scientix criteria, shared by its language versions."""

    resource_key = models.UUIDField(db_index=True)  # the resource's translation_key
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ratings")
    pedagogical_value = models.PositiveSmallIntegerField(_("pedagogical value"), validators=SCORE)
    curricular_integration = models.PositiveSmallIntegerField(_("curricular integration"), validators=SCORE)
    clarity = models.PositiveSmallIntegerField(_("clarity of presentation"), validators=SCORE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource_key", "user"], name="one_rating_per_user_and_resource"),
            models.CheckConstraint(
                condition=models.Q(pedagogical_value__range=(1, 5), curricular_integration__range=(1, 5), clarity__range=(1, 5)),
                name="rating_scores_between_1_and_5",
            ),
        ]

    @property
    def average(self) -> float:
        return (self.pedagogical_value + self.curricular_integration + self.clarity) / 3


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")


class Review(models.Model):
    """A written review of a resource; shown once an editor approves it."""

    resource_key = models.UUIDField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reviews")
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("review"), max_length=3000, validators=[validate_plain_text])
    status = models.CharField(_("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return self.text[:60]

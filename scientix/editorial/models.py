"""News, blog posts and Observatory articles and reports: one page per language version.

The three share one shape (``EditorialPage``): a plain-text summary for
lists, feeds and search; a rich-text body; a listing image with its own alt
text; subjects (vocabulary terms, like events) and free tags; a publication
date. Each lives under its own index page per language: /<lang>/news/,
/<lang>/blog/, /<lang>/observatory/.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from scientix.core.text import validate_plain_text
from scientix.pages.models import RICH_TEXT_FEATURES, FallbackRoutingMixin, ListPage
from scientix.vocabularies.classification import ClassifiedPageMixin, Facet, classified_admin_form

EDITORIAL_FACETS = [Facet("subjects", "subject")]


class EditorialIndexPage(ListPage):
    """A list page of one kind of item: newest first, filters, pages.

    Its RSS and Atom feeds are at ``/<lang>/<section>/feed.rss|atom`` (editorial/urls.py), one address each.
    """

    list_view = "scientix.editorial.views.item_list"
    section: str = ""  # "news", "blog" or "observatory": the feed and search kind

    class Meta:
        abstract = True


class EditorialPage(FallbackRoutingMixin, ClassifiedPageMixin, Page):
    """What news items, blog posts and Observatory pages share."""

    summary = models.TextField(
        _("summary"), max_length=1000, validators=[validate_plain_text],
        help_text=_("Two or three sentences of plain text, shown in lists, feeds and search results."),
    )
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)
    date = models.DateField(
        _("publication date"), null=True, blank=True, db_index=True,
        help_text=_("Shown with the item and used to order lists; the day of first publication if left empty."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    listing_image_alt = models.CharField(
        _("image alternative text"), max_length=250, blank=True, validators=[validate_plain_text],
        help_text=_("What the image shows, for people who cannot see it. Required when an image is chosen."),
    )

    base_form_class = classified_admin_form(EDITORIAL_FACETS)
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("date"),
        MultiFieldPanel([FieldPanel("listing_image"), FieldPanel("listing_image_alt")], _("Image")),
        MultiFieldPanel([FieldPanel("subjects"), FieldPanel("tags")], _("Classification")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    override_translatable_fields = [
        TranslatableField("title"), TranslatableField("summary"), TranslatableField("body"),
        TranslatableField("listing_image_alt"), SynchronizedField("slug"), SynchronizedField("date"),
        SynchronizedField("listing_image"),
    ]
    subpage_types = []
    json_ld_type = "Article"

    class Meta:
        abstract = True

    @property
    def published_on(self):
        """The date shown and sorted on: the editor's, else the day of first publication."""
        if self.date:
            return self.date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @property
    def author_display(self) -> str:
        return ""

    def clean(self):
        super().clean()
        if self.listing_image_id and not (self.listing_image_alt or "").strip():
            raise ValidationError({"listing_image_alt": _("Describe the image for people who cannot see it.")})

    def save(self, *args, **kwargs):
        # "Defaulting to first publication": publish() sets first_published_at and saves.
        if self.date is None and self.first_published_at:
            self.date = timezone.localdate(self.first_published_at)
        return super().save(*args, **kwargs)

    def get_template(self, request, *args, **kwargs):
        return "editorial/item_page.html"

    def get_context(self, request, *args, **kwargs):
        from scientix.editorial.selectors import item_json_ld
        from scientix.resources.selectors import language_versions

        context = super().get_context(request, *args, **kwargs)
        context["versions"] = language_versions(page=self)
        context["json_ld"] = item_json_ld(item=self)
        context["feed_section"] = self.section
        return context


# --- News ----------------------------------------------------------------------


class NewsIndexPage(EditorialIndexPage):
    child_model_name = "editorial.NewsPage"
    subpage_types = ["editorial.NewsPage"]
    section = "news"

    class Meta:
        verbose_name = _("news list")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("editorial.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(EditorialPage):
    """A news item, written by the editors."""

    terms = ParentalManyToManyField("vocabularies.Term", blank=True, related_name="news_pages")
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["editorial.NewsIndexPage"]
    section = "news"
    json_ld_type = "NewsArticle"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


# --- Blog ----------------------------------------------------------------------


class BlogIndexPage(EditorialIndexPage):
    """The blog. Members of the "Blog partners" group may add posts here; editors publish them."""

    child_model_name = "editorial.BlogPostPage"
    child_select_related = ("organisation", "author")
    subpage_types = ["editorial.BlogPostPage"]
    section = "blog"

    class Meta:
        verbose_name = _("blog")


class BlogPostPageTag(TaggedItemBase):
    content_object = ParentalKey("editorial.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogPostPage(EditorialPage):
    """A blog post: signed by its author, possibly on behalf of a partner organisation."""

    terms = ParentalManyToManyField("vocabularies.Term", blank=True, related_name="blog_posts")
    tags = ClusterTaggableManager(through=BlogPostPageTag, blank=True, verbose_name=_("tags"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The account of the author; whoever creates the post if left empty."),
    )
    author_name = models.CharField(
        _("author's name as shown"), max_length=255, blank=True, validators=[validate_plain_text],
        help_text=_("Leave empty to show the author account's name."),
    )
    organisation = models.ForeignKey(
        "projects.Organisation", verbose_name=_("partner organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="blog_posts",
    )

    content_panels = EditorialPage.content_panels + [
        MultiFieldPanel([FieldPanel("author"), FieldPanel("author_name"), FieldPanel("organisation")], _("Author")),
    ]
    override_translatable_fields = EditorialPage.override_translatable_fields + [
        SynchronizedField("author"), SynchronizedField("author_name"), SynchronizedField("organisation"),
    ]
    parent_page_types = ["editorial.BlogIndexPage"]
    section = "blog"
    json_ld_type = "BlogPosting"

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    @property
    def author_display(self) -> str:
        if self.author_name:
            return self.author_name
        if self.author_id and self.author is not None:
            return getattr(self.author, "name", "") or self.author.get_username()
        return ""

    def save(self, *args, **kwargs):
        if self.author_id is None and self.owner_id:
            self.author_id = self.owner_id
        return super().save(*args, **kwargs)


# --- Observatory -----------------------------------------------------------------


class ObservatoryKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    REPORT = "report", _("Report")


class ObservatoryIndexPage(EditorialIndexPage):
    child_model_name = "editorial.ObservatoryPage"
    child_select_related = ("report",)
    subpage_types = ["editorial.ObservatoryPage"]
    section = "observatory"

    class Meta:
        verbose_name = _("Observatory")


class ObservatoryPageTag(TaggedItemBase):
    content_object = ParentalKey("editorial.ObservatoryPage", on_delete=models.CASCADE, related_name="tagged_items")


def is_pdf(document) -> bool:
    """True when the stored file's content is a PDF, whatever its name says."""
    import filetype

    try:
        with document.file.open("rb") as handle:
            head = handle.read(8192)
    except (OSError, ValueError):
        return False
    kind = filetype.guess(head) if head else None
    return kind is not None and kind.extension == "pdf"


class ObservatoryPage(EditorialPage):
    """An Observatory article, or a report with its PDF."""

    kind = models.CharField(_("kind"), max_length=20, choices=ObservatoryKind.choices, default=ObservatoryKind.ARTICLE)
    report = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("report (PDF)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Required for a report; must be a PDF file."),
    )
    terms = ParentalManyToManyField("vocabularies.Term", blank=True, related_name="observatory_pages")
    tags = ClusterTaggableManager(through=ObservatoryPageTag, blank=True, verbose_name=_("tags"))

    content_panels = EditorialPage.content_panels[:2] + [FieldPanel("kind"), FieldPanel("report")] + \
        EditorialPage.content_panels[2:]
    override_translatable_fields = EditorialPage.override_translatable_fields + [
        SynchronizedField("kind"), SynchronizedField("report"),
    ]
    parent_page_types = ["editorial.ObservatoryIndexPage"]
    section = "observatory"

    class Meta:
        verbose_name = _("Observatory page")
        verbose_name_plural = _("Observatory pages")

    @property
    def json_ld_type(self) -> str:
        return "Report" if self.kind == ObservatoryKind.REPORT else "Article"

    def clean(self):
        super().clean()
        if self.kind == ObservatoryKind.REPORT and not self.report_id:
            raise ValidationError({"report": _("A report needs its PDF.")})
        if self.report_id and not is_pdf(self.report):
            raise ValidationError({"report": _("The report must be a PDF file (its content is not PDF).")})

"""Reads for news, blog and Observatory: filtered lists, feeds, JSON-LD.

Lists are filtered in SQL like the events list: they are ordered by date,
have hundreds of rows, and need no relevance. Words search goes through
/<lang>/search/, where the three kinds are registered.
"""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from scientix.editorial.models import BlogPostPage, NewsPage, ObservatoryKind, ObservatoryPage
from scientix.languages import EU_LANGUAGES

PAGE_SIZE = 12
FEED_LIMIT = 50

SECTIONS = {"news": NewsPage, "blog": BlogPostPage, "observatory": ObservatoryPage}
SECTION_LABELS = {"news": _("News"), "blog": _("Blog"), "observatory": _("Observatory")}
# Whole sentences, not a label slotted into a template: inflection differs per language.
FEED_TITLES = {"news": _("Scientix news"), "blog": _("Scientix blog"), "observatory": _("Scientix Observatory")}
FEED_DESCRIPTIONS = {
    "news": _("The latest news from Scientix."),
    "blog": _("The latest blog posts from Scientix."),
    "observatory": _("The latest Observatory articles and reports from Scientix."),
}


def section_model(section: str):
    return SECTIONS[section]


class ItemFilterForm(forms.Form):
    """The list's filters. A value that does not validate is ignored, with its error shown."""

    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=[])
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", "")] + list(EU_LANGUAGES))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "")] + list(ObservatoryKind.choices))

    def __init__(self, *args, section: str = "news", **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import translation

        from scientix.search.selectors import vocabulary_terms

        # Broad subjects, from the per-process copy of the vocabularies (cleared when a term changes).
        language = translation.get_language() or "en"
        self.fields["subject"].choices = [("", "")] + [
            (code, labels.get(language) or labels.get("en") or code)
            for vocabulary, code, labels, depth in vocabulary_terms() if vocabulary == "subject" and depth == 0
        ]
        if section != "observatory":
            del self.fields["kind"]

    def filters(self) -> dict:
        """The valid filters only: the list shows something for any query string."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in (None, "")}


def one_version_each(queryset, *, model, language: str):
    """One language version of each item: the reader's where it exists, else the oldest version."""
    live = model.objects.live()
    in_reader_language = live.filter(translation_key=OuterRef("translation_key"), locale__language_code=language)
    older = live.filter(translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk"))
    return queryset.filter(Q(locale__language_code=language) | (~Exists(in_reader_language) & ~Exists(older)))


def items_filtered(*, section: str, filters: dict, language: str):
    model = section_model(section)
    queryset = model.objects.live()
    if filters.get("language"):
        # "Language of the version": every item written or translated in that language.
        queryset = queryset.filter(locale__language_code=filters["language"])
    else:
        queryset = one_version_each(queryset, model=model, language=language)
    if filters.get("subject"):
        code = filters["subject"]
        # A broad subject finds items filed under its narrower subjects too.
        matching = model.terms.through.objects.filter(
            Q(term__code=code) | Q(term__parent__code=code) | Q(term__parent__parent__code=code),
            term__vocabulary="subject",
        ).values(model.terms.field.m2m_column_name())
        queryset = queryset.filter(pk__in=matching)
    if filters.get("tag"):
        tag = filters["tag"].strip()
        queryset = queryset.filter(Q(tags__slug__iexact=tag) | Q(tags__name__iexact=tag)).distinct()
    if filters.get("year"):
        queryset = queryset.filter(date__year=filters["year"])
    if filters.get("kind") and section == "observatory":
        queryset = queryset.filter(kind=filters["kind"])
    related = ["locale", "listing_image"]
    if section == "blog":
        related += ["author", "organisation"]
    if section == "observatory":
        related += ["report"]
    # Renditions with the images: a list of illustrated cards is one query more, not one per card.
    return queryset.select_related(*related).prefetch_related("listing_image__renditions")


@dataclass
class ItemList:
    page: object  # django.core.paginator.Page
    total: int


def item_list(*, section: str, filters: dict, language: str, page_number) -> ItemList:
    """Newest first (publication date, then newest page), one page of PAGE_SIZE."""
    queryset = items_filtered(section=section, filters=filters, language=language).order_by("-date", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
    items = list(page.object_list)
    _attach_terms(items, model=section_model(section))
    page.object_list = items
    return ItemList(page=page, total=page.paginator.count)


def _attach_terms(items: list, *, model) -> None:
    """Subjects of a page of items in one query (ClassifiedPageMixin reads ``_terms_list``)."""
    by_page: dict[int, list] = {item.pk: [] for item in items}
    if not by_page:
        return
    page_column = model.terms.field.m2m_field_name()
    links = model.terms.through.objects.filter(**{f"{page_column}_id__in": list(by_page)}).select_related("term")
    for link in links:
        by_page[getattr(link, f"{page_column}_id")].append(link.term)
    for item in items:
        item._terms_list = by_page[item.pk]


def feed_items(*, section: str, language: str) -> list:
    """The newest items for a feed in ``language``: one version each, the reader's where it exists."""
    queryset = items_filtered(section=section, filters={}, language=language).order_by("-date", "-pk")
    items = list(queryset[:FEED_LIMIT])
    _attach_terms(items, model=section_model(section))
    return items


def item_json_ld(*, item) -> dict:
    """schema.org NewsArticle, BlogPosting, Article or Report."""
    published = item.published_on
    data = {
        "@context": "https://schema.org",
        "@type": item.json_ld_type,
        "headline": item.title[:110],
        "name": item.title,
        "description": item.summary,
        "inLanguage": item.locale.language_code,
        "url": item.full_url,
        "mainEntityOfPage": item.full_url,
        "datePublished": published.isoformat() if published else None,
        "dateModified": item.last_published_at.isoformat() if item.last_published_at else None,
        "about": [t.label_in("en") for t in item.terms_of("subject")] or None,
        "keywords": ", ".join(tag.name for tag in item.tags.all()) or None,
        "publisher": {"@type": "Organization", "name": "Scientix"},
    }
    author = item.author_display
    if author:
        data["author"] = {"@type": "Person", "name": author}
    organisation = getattr(item, "organisation", None)
    if organisation is not None:
        data["sourceOrganization"] = {"@type": "Organization", "name": organisation.name}
    if getattr(item, "report_id", None) and item.report is not None:
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": item.report.url}
    if item.listing_image_id and item.listing_image is not None:
        from urllib.parse import urljoin

        data["image"] = urljoin(item.full_url or "", item.listing_image.file.url)
    return {key: value for key, value in data.items() if value is not None}

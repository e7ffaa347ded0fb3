"""Classifying a page with terms of several vocabularies through one ``terms`` relation.

Every vocabulary a project or resource uses goes into one many-to-many
relation, so one query counts all facets of a list. Forms show one field
per vocabulary; these helpers split and join them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from scientix.vocabularies.fields import SingleTermChoiceField, TermChoiceField

# What each vocabulary is called wherever it is a field or a facet (forms, the admin, search and lists).
VOCABULARY_LABELS = {
    "subject": _("Subjects"), "target_group": _("Target groups"), "resource_type": _("Learning resource types"),
    "end_user_role": _("Intended end-user roles"), "education_level": _("Education levels"),
    "age_range": _("Age ranges"), "funding_programme": _("Funding programme"), "licence": _("Licence"),
}


@dataclass(frozen=True)
class Facet:
    field: str  # form field and query parameter
    vocabulary: str
    single: bool = False


def facet_form_fields(facets: list[Facet], *, required: tuple[str, ...] = ()) -> dict:
    fields = {}
    for facet in facets:
        field_class = SingleTermChoiceField if facet.single else TermChoiceField
        fields[facet.field] = field_class(facet.vocabulary, required=facet.field in required)
        fields[facet.field].label = VOCABULARY_LABELS.get(facet.vocabulary, facet.vocabulary)
    return fields


def terms_from_form(cleaned_data: dict, facets: list[Facet]) -> list:
    terms = []
    for facet in facets:
        value = cleaned_data.get(facet.field)
        if facet.single:
            terms += [value] if value else []
        else:
            terms += list(value or [])
    return terms


def initial_from_terms(terms, facets: list[Facet]) -> dict:
    initial = {}
    for facet in facets:
        chosen = [term for term in terms if term.vocabulary == facet.vocabulary]
        initial[facet.field] = (chosen[0] if chosen else None) if facet.single else chosen
    return initial


def classified_admin_form(facets: list[Facet], *, required: tuple[str, ...] = ()):
    """A Wagtail page form with one field per vocabulary, saved into the page's ``terms``."""
    from wagtail.admin.forms import WagtailAdminPageForm

    def __init__(self, *args, **kwargs):
        WagtailAdminPageForm.__init__(self, *args, **kwargs)
        if self.instance.pk:
            self.initial.update(initial_from_terms(self.instance.terms.all(), facets))

    def save(self, commit=True):
        page = WagtailAdminPageForm.save(self, commit=False)
        page.terms = terms_from_form(self.cleaned_data, facets)
        if commit:
            page.save()
        return page

    # Built through the form metaclass so that the vocabulary fields count as
    # declared fields, which Wagtail's panels may name.
    attributes = {**facet_form_fields(facets, required=required), "__init__": __init__, "save": save}
    return type(WagtailAdminPageForm)("ClassifiedPageForm", (WagtailAdminPageForm,), attributes)


class ClassifiedPageMixin:
    """Terms of one vocabulary from the page's ``terms``, read from the database once per page."""

    def _all_terms(self) -> list:
        if not hasattr(self, "_terms_list"):
            self._terms_list = list(self.terms.all())
        return self._terms_list

    def terms_of(self, vocabulary: str) -> list:
        return [term for term in self._all_terms() if term.vocabulary == vocabulary]

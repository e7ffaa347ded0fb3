"""The metadata formats: Dublin Core (oai_dc) for every item, IEEE LOM (LRE application profile) for resources.

One record describes one item in all its live language versions: titles and
descriptions carry their language (``xml:lang`` in Dublin Core, LangStrings
in LOM). Built with lxml, every text through ``xml_safe``: user text never
reaches the output by string concatenation.

LOM vocabularies: the strict IEEE composite schema (the one the issue asks
the output to validate against) accepts the LOMv1.0 vocabulary only, so the
learning resource types are written with their LOMv1.0 counterparts where
one exists (LREv3.0 values would fail that schema; see decision 0007).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from urllib.parse import urljoin

from django.conf import settings
from lxml import etree

from scientix.oai.protocol import oai_identifier, xml_safe

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
LOM = "http://ltsc.ieee.org/xsd/LOM"


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    kinds: tuple[str, ...]
    build: Callable


def element(parent, tag: str, text=None, **attributes):
    """A child element whose text and attributes are made XML-safe."""
    child = etree.SubElement(parent, tag, {name: xml_safe(value) for name, value in attributes.items()})
    if text is not None:
        child.text = xml_safe(text)
    return child


def _language(page) -> str:
    return page.locale.language_code


def _url(page, request) -> str:
    return page.get_full_url(request=request) or ""


def _all_terms(versions, vocabulary: str) -> list:
    """Terms of one vocabulary over all versions (normally the same on each), in order, once each."""
    seen, terms = set(), []
    for page in versions:
        for term in page.terms.all() if hasattr(page, "terms") else ():
            if term.vocabulary == vocabulary and term.pk not in seen:
                seen.add(term.pk)
                terms.append(term)
    return terms


def _keywords(page) -> list[str]:
    return [word.strip() for word in (getattr(page, "keywords", "") or "").split(",") if word.strip()]


def _file_url(page, request) -> str:
    document = getattr(page, "file", None)
    if document is None:
        return ""
    return urljoin(_url(page, request) or settings.SITE_URL, document.url)


# --- Dublin Core -----------------------------------------------------------------


def oai_dc(*, record, versions, request) -> etree._Element:
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    first = versions[0]

    def dc(name, text, language=None):
        if text:
            attributes = {XML_LANG: language} if language else {}
            element(root, f"{{{DC}}}{name}", text, **attributes)

    for page in versions:
        dc("title", page.title, _language(page))
    if record.kind == "resource" and first.rights:
        dc("creator", first.rights)
    if record.kind == "project" and first.coordinator is not None:
        dc("creator", first.coordinator.name)
    subjects = _all_terms(versions, "subject")
    for page in versions:
        for term in subjects:
            dc("subject", term.label_in(_language(page)), _language(page))
        for word in _keywords(page):
            dc("subject", word, _language(page))
    for page in versions:
        dc("description", page.description, _language(page))
    dc("publisher", settings.OAI_REPOSITORY_NAME)
    if record.kind == "project":
        for partner in first.partner_list():
            dc("contributor", partner.name)
        if first.start_date:
            dc("date", first.start_date.isoformat())
    else:
        published = [page.first_published_at for page in versions if page.first_published_at]
        if published:
            dc("date", min(published).date().isoformat())
    if record.kind == "resource":
        for term in _all_terms(versions, "resource_type"):
            dc("type", term.label_in("en"))
        dc("format", first.format)
    else:
        dc("type", "Collection" if record.kind == "collection" else "Project")
    for page in versions:
        dc("identifier", _url(page, request))
    if record.kind == "resource":
        dc("relation", first.link)
        dc("relation", _file_url(first, request))
    elif record.kind == "project":
        dc("relation", first.website)
    else:
        for item in first.items.all():
            if item.resource.live:
                dc("relation", oai_identifier("resource", item.resource.translation_key))
    for page in versions:
        dc("language", _language(page))
    if record.kind == "project":
        for country in first.countries:
            dc("coverage", country.code)
    if record.kind == "resource":
        licence = first.licence
        if licence is not None:
            dc("rights", licence.url)
            dc("rights", licence.spdx_id if licence.url else licence.label_in("en"))
    return root


# --- IEEE LOM, LRE application profile ---------------------------------------------

# Ours -> LOMv1.0 (IEEE 1484.12.1 5.2); types without a counterpart are left out of LOM (dc:type has them).
LEARNING_RESOURCE_TYPES = {
    "exercise": "exercise", "simulation": "simulation", "experiment": "experiment", "assessment": "questionnaire",
    "image": "figure", "presentation": "slide", "report": "narrative text",
}
END_USER_ROLES = {"teacher": "teacher", "learner": "learner", "author": "author", "manager": "manager"}
CONTEXTS = {
    "pre-primary": "school", "primary": "school", "lower-secondary": "school", "upper-secondary": "school",
    "higher": "higher education", "teacher-education": "higher education", "vocational": "training",
    "continuing": "training",
}


def _lom(parent, name: str, text=None):
    return element(parent, f"{{{LOM}}}{name}", text)


def _lang_string(parent, name: str, strings: list[tuple[str, str]]):
    """A LOM LangString: one <string language=".."> per (language, text); language "" leaves it out."""
    container = _lom(parent, name)
    for language, text in strings:
        if language:
            element(container, f"{{{LOM}}}string", text, language=language)
        else:
            element(container, f"{{{LOM}}}string", text)
    return container


def _vocabulary(parent, name: str, value: str):
    container = _lom(parent, name)
    _lom(container, "source", "LOMv1.0")
    _lom(container, "value", value)


def _vcard(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nEND:VCARD"


def lom(*, record, versions, request) -> etree._Element:
    root = etree.Element(f"{{{LOM}}}lom", nsmap={None: LOM, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{LOM} http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd")
    first = versions[0]
    identifier = oai_identifier(record.kind, record.translation_key)
    languages = [_language(page) for page in versions]

    general = _lom(root, "general")
    general_identifier = _lom(general, "identifier")
    _lom(general_identifier, "catalog", "URI")
    _lom(general_identifier, "entry", identifier)
    _lang_string(general, "title", [(_language(page), page.title) for page in versions])
    for language in languages:
        _lom(general, "language", language)
    _lang_string(general, "description", [(_language(page), page.description) for page in versions])
    for page in versions:
        for word in _keywords(page):
            _lang_string(general, "keyword", [(_language(page), word)])
    _vocabulary(general, "aggregationLevel", "1")

    if first.rights:
        life_cycle = _lom(root, "lifeCycle")
        contribute = _lom(life_cycle, "contribute")
        _vocabulary(contribute, "role", "publisher")
        _lom(contribute, "entity", _vcard(first.rights))

    meta = _lom(root, "metaMetadata")
    meta_identifier = _lom(meta, "identifier")
    _lom(meta_identifier, "catalog", "URI")
    _lom(meta_identifier, "entry", identifier)
    contribute = _lom(meta, "contribute")
    _vocabulary(contribute, "role", "creator")
    _lom(contribute, "entity", _vcard(settings.OAI_REPOSITORY_NAME))
    date = _lom(contribute, "date")
    # LOM's DateTime pattern takes "Z" only after fractional seconds: the day is enough here.
    _lom(date, "dateTime", record.datestamp.date().isoformat())
    _lom(meta, "metadataSchema", "LOMv1.0")
    _lom(meta, "metadataSchema", "LREv3.0")
    _lom(meta, "language", languages[0])

    technical = _lom(root, "technical")
    if first.format:
        _lom(technical, "format", first.format)
    for location in dict.fromkeys(filter(None, [first.link, _file_url(first, request)])):
        _lom(technical, "location", location)

    educational = _lom(root, "educational")
    for term in _all_terms(versions, "resource_type"):
        if term.code in LEARNING_RESOURCE_TYPES:
            _vocabulary(educational, "learningResourceType", LEARNING_RESOURCE_TYPES[term.code])
    for term in _all_terms(versions, "end_user_role"):
        if term.code in END_USER_ROLES:
            _vocabulary(educational, "intendedEndUserRole", END_USER_ROLES[term.code])
    for value in dict.fromkeys(CONTEXTS[t.code] for t in _all_terms(versions, "education_level") if t.code in CONTEXTS):
        _vocabulary(educational, "context", value)
    for age_range in _age_ranges(first, versions):
        _lang_string(educational, "typicalAgeRange", [("", age_range)])
    for language in languages:
        _lom(educational, "language", language)

    rights = _lom(root, "rights")
    licence = first.licence
    _vocabulary(rights, "cost", "no" if first.free_of_charge else "yes")
    public_domain = licence is not None and licence.spdx_id == "CC0-1.0"
    _vocabulary(rights, "copyrightAndOtherRestrictions", "no" if public_domain else "yes")
    if licence is not None:
        _lang_string(rights, "description", [("", licence.url or licence.label_in("en"))])

    subjects = _all_terms(versions, "subject")
    if subjects:
        classification = _lom(root, "classification")
        _vocabulary(classification, "purpose", "discipline")
        label_languages = list(dict.fromkeys(["en", *languages]))
        for term in subjects:
            path = _lom(classification, "taxonPath")
            _lang_string(path, "source", [("en", "Scientix subjects")])
            chain = []
            node = term
            while node is not None:
                chain.insert(0, node)
                node = node.parent
            for node in chain:
                taxon = _lom(path, "taxon")
                _lom(taxon, "id", node.code)
                _lang_string(taxon, "entry", [(language, node.label_in(language)) for language in label_languages])
    return root


def _age_ranges(first, versions) -> list[str]:
    """The page's own ages ("10-14", "16-"), else its age-range terms ("10-12", "12-15")."""
    if first.age_min is not None:
        return [f"{first.age_min}-{first.age_max if first.age_max is not None else ''}"]
    return [f"{t.age_min}-{t.age_max}" for t in _all_terms(versions, "age_range") if t.age_min is not None]


FORMATS = {
    "oai_dc": MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC,
                             ("resource", "project", "collection"), oai_dc),
    "lom": MetadataFormat("lom", "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd", LOM, ("resource",), lom),
}


def formats_for(kind: str) -> list[MetadataFormat]:
    return [fmt for fmt in FORMATS.values() if kind in fmt.kinds]

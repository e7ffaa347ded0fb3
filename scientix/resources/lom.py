"""Reading IEEE LOM XML records (IEEE 1484.12.3) into plain Python values.

Parsed with defusedxml: the files come from other servers, and XML can
carry entity bombs or external entities that read local files.

Real records mix namespaces (IEEE LOM, LOM-FR, NORMETIC, none at all), so
elements are found by local name. This module only reads what a record
says; deciding what it means for the portal (language, licence, terms) is
the importer's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scientix.core.imports import RecordError


@dataclass
class LangString:
    language: str  # as written in the record: "fr-CA", "fre", "" when absent
    text: str


@dataclass
class LomRecord:
    general_identifiers: list[tuple[str, str]] = field(default_factory=list)  # (catalog, entry)
    metadata_identifiers: list[tuple[str, str]] = field(default_factory=list)
    titles: list[LangString] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    descriptions: list[LangString] = field(default_factory=list)
    keywords: list[LangString] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    learning_resource_types: list[str] = field(default_factory=list)
    end_user_roles: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    typical_age_ranges: list[str] = field(default_factory=list)
    cost: str = ""
    copyright: str = ""
    rights_descriptions: list[LangString] = field(default_factory=list)
    taxon_labels: list[LangString] = field(default_factory=list)


def lom_records(data: bytes) -> list[LomRecord]:
    """Every LOM record in an XML document: the root itself, or the ``lom`` elements it wraps (e.g. OAI-PMH)."""
    try:
        root = fromstring(data)
    except ParseError as error:
        raise RecordError(f"not well-formed XML: {error}") from error
    except DefusedXmlException as error:
        raise RecordError(f"refused: the XML declares entities or external references ({error})") from error
    elements = [root] if _local(root.tag) == "lom" else [el for el in root.iter() if _local(el.tag) == "lom"]
    if not elements:
        raise RecordError(f"no IEEE LOM record in it (the root element is <{_local(root.tag)}>)")
    return [_record(element) for element in elements]


# --- Element helpers ----------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(parents: list[Element], *names: str) -> list[Element]:
    """Elements reached from ``parents`` by the child names ``names``, in document order."""
    for name in names:
        parents = [child for parent in parents for child in parent if _local(child.tag) == name]
    return parents


def _text(element: Element) -> str:
    return (element.text or "").strip()


def _texts(parents: list[Element], *names: str) -> list[str]:
    return [text for text in map(_text, _all(parents, *names)) if text]


def _lang_strings(elements: list[Element]) -> list[LangString]:
    strings = []
    for string in _all(elements, "string"):
        if _text(string):
            strings.append(LangString(language=(string.get("language") or "").strip(), text=string.text.strip()))
    return strings


def _vocabulary_values(elements: list[Element]) -> list[str]:
    # LOM vocabulary elements hold <source> and <value>; a few records put plain text in <value>.
    return _texts(elements, "value")


def _identifiers(elements: list[Element]) -> list[tuple[str, str]]:
    found = []
    for identifier in elements:
        catalog = " ".join(_texts([identifier], "catalog"))
        entry = " ".join(_texts([identifier], "entry"))
        if entry:
            found.append((catalog, entry))
    return found


# --- The record ---------------------------------------------------------------


def _record(lom: Element) -> LomRecord:
    general, technical = _all([lom], "general"), _all([lom], "technical")
    educational, rights = _all([lom], "educational"), _all([lom], "rights")
    return LomRecord(
        general_identifiers=_identifiers(_all(general, "identifier")),
        metadata_identifiers=_identifiers(_all([lom], "metaMetadata", "identifier")),
        titles=_lang_strings(_all(general, "title")),
        languages=_texts(general, "language"),
        descriptions=_lang_strings(_all(general, "description")),
        keywords=_lang_strings(_all(general, "keyword")),
        formats=_texts(technical, "format"),
        locations=_texts(technical, "location"),
        learning_resource_types=_vocabulary_values(_all(educational, "learningResourceType")),
        end_user_roles=_vocabulary_values(_all(educational, "intendedEndUserRole")),
        contexts=_vocabulary_values(_all(educational, "context")),
        typical_age_ranges=[string.text for string in _lang_strings(_all(educational, "typicalAgeRange"))],
        cost=" ".join(_vocabulary_values(_all(rights, "cost"))),
        copyright=" ".join(_vocabulary_values(_all(rights, "copyrightAndOtherRestrictions"))),
        rights_descriptions=_lang_strings(_all(rights, "description")),
        taxon_labels=_lang_strings(_all([lom], "classification", "taxonPath", "taxon", "entry")),
    )

"""Reading the metadata element of a harvested record into what the resource mappings understand."""

from __future__ import annotations

from lxml import etree

from scientix.core.imports import RecordError
from scientix.resources.importers import DublinCoreRecord
from scientix.resources.lom import LangString, LomRecord, lom_records

DC = "{http://purl.org/dc/elements/1.1/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Element names of unqualified Dublin Core and the DublinCoreRecord list they go to.
DC_FIELDS = {
    "title": "titles", "description": "descriptions", "subject": "subjects", "language": "languages",
    "identifier": "identifiers", "rights": "rights", "type": "types", "format": "formats", "date": "dates",
    "creator": "creators", "publisher": "publishers",
}
WITH_LANGUAGE = {"titles", "descriptions", "subjects"}


def dublin_core_read(element) -> DublinCoreRecord:
    """An ``oai_dc:dc`` element's values; any other element is refused with its name."""
    if element is None:
        raise RecordError("the record has no metadata")
    if element.tag != OAI_DC:
        raise RecordError(f"the metadata is {_name(element)}, not oai_dc:dc")
    record = DublinCoreRecord()
    for child in element:
        if not isinstance(child.tag, str) or not child.tag.startswith(DC):
            continue
        name = DC_FIELDS.get(child.tag[len(DC):])
        if name is None:
            continue
        text = "".join(child.itertext())
        # Descriptions keep their paragraphs; every other value is one line.
        text = text.strip() if name == "descriptions" else " ".join(text.split())
        if not text:
            continue
        values = getattr(record, name)
        values.append(LangString(child.get(XML_LANG, ""), text) if name in WITH_LANGUAGE else text)
    return record


def lom_read(element) -> LomRecord:
    """A ``lom`` element, read by the same LOM reader as the file import (which parses with defusedxml)."""
    if element is None:
        raise RecordError("the record has no metadata")
    found = lom_records(etree.tostring(element))
    if len(found) != 1:
        raise RecordError(f"the metadata holds {len(found)} LOM records, expected one")
    return found[0]


def _name(element) -> str:
    namespace, _, local = element.tag.rpartition("}")
    return f"<{local}> ({namespace.lstrip('{')})" if namespace else f"<{local}>"

"""The six verbs: each turns a checked ``OaiRequest`` into the OAI-PMH response document.

Protocol errors raise ``OaiError``; ``document`` wraps either outcome in the
envelope. The <request> element echoes the arguments except after badVerb or
badArgument (OAI-PMH 2.0 section 3.2), when they cannot be trusted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from lxml import etree

from scientix.oai import selectors
from scientix.oai.metadata import FORMATS, XSI, element, formats_for
from scientix.oai.protocol import (
    ListState,
    OaiError,
    OaiRequest,
    datestamp,
    identifier_parse,
    oai_identifier,
    repository_identifier,
    token_issue,
    token_read,
)

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
UNTRUSTED = {"badVerb", "badArgument"}


def base_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/oai"


def _oai(parent, name: str, text=None, **attributes):
    return element(parent, f"{{{OAI}}}{name}", text, **attributes)


def document(*, oai_request: OaiRequest | None, errors: list[OaiError], request) -> bytes:
    """The whole response: envelope, then the verb's element or the errors."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _oai(root, "responseDate", datestamp(datetime.now(UTC)))
    echo = oai_request is not None and not any(error.code in UNTRUSTED for error in errors)
    attributes = {"verb": oai_request.verb, **oai_request.arguments} if echo else {}
    _oai(root, "request", base_url(), **attributes)
    if errors:
        for error in errors:
            _oai(root, "error", error.message, code=error.code)
    else:
        try:
            VERB_HANDLERS[oai_request.verb](root, oai_request, request)
        except OaiError as error:
            return document(oai_request=oai_request, errors=[error], request=request)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- Identify, ListMetadataFormats, ListSets ----------------------------------------------


def identify(root, oai_request: OaiRequest, request) -> None:
    identify = _oai(root, "Identify")
    _oai(identify, "repositoryName", settings.OAI_REPOSITORY_NAME)
    _oai(identify, "baseURL", base_url())
    _oai(identify, "protocolVersion", "2.0")
    for email in settings.OAI_ADMIN_EMAILS:
        _oai(identify, "adminEmail", email)
    earliest = selectors.earliest_datestamp()
    _oai(identify, "earliestDatestamp", datestamp(earliest) if earliest else "1970-01-01T00:00:00Z")
    _oai(identify, "deletedRecord", "persistent")
    _oai(identify, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = _oai(identify, "description")
    scheme = etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER})
    scheme.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    for name, text in [("scheme", "oai"), ("repositoryIdentifier", repository_identifier()), ("delimiter", ":"),
                       ("sampleIdentifier", oai_identifier("resource", "6f1e1bb6-8b3c-4a5e-9d84-0e9f3b8a1c2d"))]:
        element(scheme, f"{{{OAI_IDENTIFIER}}}{name}", text)


def list_metadata_formats(root, oai_request: OaiRequest, request) -> None:
    formats = list(FORMATS.values())
    if oai_request.get("identifier"):
        record = _record(oai_request.get("identifier"))
        formats = [] if record.deleted else formats_for(record.kind)
        if not formats:
            raise OaiError("noMetadataFormats", "The item is deleted: no metadata is disseminated for it.")
    container = _oai(root, "ListMetadataFormats")
    for fmt in formats:
        entry = _oai(container, "metadataFormat")
        _oai(entry, "metadataPrefix", fmt.prefix)
        _oai(entry, "schema", fmt.schema)
        _oai(entry, "metadataNamespace", fmt.namespace)


def list_sets(root, oai_request: OaiRequest, request) -> None:
    if oai_request.get("resumptionToken"):
        # ListSets answers in one response: no token of ours can be meant for it.
        raise OaiError("badResumptionToken", "ListSets does not page: no resumption token applies.")
    sets = selectors.set_list()
    if not sets:
        raise OaiError("noSetHierarchy", "This repository has no sets.")
    container = _oai(root, "ListSets")
    for spec, name in sets:
        entry = _oai(container, "set")
        _oai(entry, "setSpec", spec)
        _oai(entry, "setName", name)


# --- GetRecord, ListIdentifiers, ListRecords ------------------------------------------


def _record(identifier: str):
    parsed = identifier_parse(identifier)
    record = selectors.record_get(kind=parsed[0], translation_key=parsed[1]) if parsed else None
    if record is None:
        raise OaiError("idDoesNotExist", "No item has this identifier in this repository.")
    return record


def _format(prefix: str, kind: str | None = None):
    fmt = FORMATS.get(prefix)
    if fmt is None:
        raise OaiError("cannotDisseminateFormat", f"Unknown metadata format; use one of {', '.join(FORMATS)}.")
    if kind is not None and kind not in fmt.kinds:
        raise OaiError("cannotDisseminateFormat", f"A {kind} is not described in {prefix}; use oai_dc.")
    return fmt


def _header(parent, record, *, versions=None) -> None:
    """The record's header; deleted when the record is, or when no public version is left to describe."""
    deleted = record.deleted or versions is not None and not versions
    header = _oai(parent, "header", status="deleted") if deleted else _oai(parent, "header")
    _oai(header, "identifier", oai_identifier(record.kind, record.translation_key))
    _oai(header, "datestamp", datestamp(record.datestamp))
    for membership in sorted(record.sets.all(), key=lambda membership: membership.spec):
        _oai(header, "setSpec", membership.spec)


def _full_record(parent, record, fmt, versions, request) -> None:
    entry = _oai(parent, "record")
    _header(entry, record, versions=versions)
    if not record.deleted and versions:
        metadata = _oai(entry, "metadata")
        metadata.append(fmt.build(record=record, versions=versions, request=request))


def get_record(root, oai_request: OaiRequest, request) -> None:
    record = _record(oai_request.get("identifier"))
    fmt = _format(oai_request.get("metadataPrefix"), record.kind)
    versions = selectors.record_versions([record]).get(record.translation_key, [])
    _full_record(_oai(root, "GetRecord"), record, fmt, versions, request)


def list_records(root, oai_request: OaiRequest, request, *, with_metadata: bool = True) -> None:
    verb = oai_request.verb
    if oai_request.get("resumptionToken"):
        state = token_read(oai_request.get("resumptionToken"), verb=verb)
        fmt = _format(state.prefix)
    else:
        fmt = _format(oai_request.get("metadataPrefix"))
        # Without until, the list is frozen at the first response: a record changed during the
        # harvest leaves the list and is caught by the next harvest (from = this responseDate).
        until = oai_request.end or datetime.now(UTC).replace(microsecond=0)
        state = ListState(verb=verb, prefix=fmt.prefix, start=oai_request.start, end=until,
                          set_spec=oai_request.get("set"))
    matching = selectors.records_matching(kinds=fmt.kinds, start=state.start, end=state.end, set_spec=state.set_spec)
    page_size = settings.OAI_PAGE_SIZE
    records = selectors.records_after(matching, position=state.position, limit=page_size + 1)
    if not records:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    more, records = len(records) > page_size, records[:page_size]
    container = _oai(root, verb)
    if with_metadata:
        versions = selectors.record_versions(records)
        for record in records:
            _full_record(container, record, fmt, versions.get(record.translation_key, []), request)
    else:
        for record in records:
            _header(container, record)
    # A list that fits one response has no token; a paged one ends with an empty token.
    if more or state.position is not None:
        attributes = {"completeListSize": str(matching.count()), "cursor": str(state.cursor)}
        if more:
            state.position, state.cursor = (records[-1].datestamp, records[-1].pk), state.cursor + len(records)
            token, expires = token_issue(state)
            _oai(container, "resumptionToken", token, expirationDate=datestamp(expires), **attributes)
        else:
            _oai(container, "resumptionToken", **attributes)


def list_identifiers(root, oai_request: OaiRequest, request) -> None:
    list_records(root, oai_request, request, with_metadata=False)


VERB_HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}

"""Import resources from files: our own CSV/JSON format, IEEE LOM XML records and the XTEC eXeLearning catalogue.

Our format, one resource per row (CSV) or object (JSON):

    identifier, language, title, description, keywords, kind
    (teaching_material, student_material or report), link, format,
    licence (an SPDX identifier such as CC-BY-4.0, or one of our licence
    codes), resource_types, subjects, education_levels, age_ranges,
    end_user_roles (codes), age_min, age_max, rights (the rights holder),
    free_of_charge (yes/no), project (the external_id of an imported project)

Lists are JSON lists, or in CSV one cell with ';' between items.

A resource must be reachable (a link) and must have a licence: records
whose licence cannot be recognised are skipped with the reason, never given
a guessed one. Records in a language other than the 24 EU languages (the
Catalan records of the XTEC catalogue, for instance) are skipped too: the
portal has no pages in that language to file them under.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from scientix.core.imports import (
    FirstSeen,
    ImportReport,
    IndexPages,
    RecordError,
    SourceRecord,
    TermIndex,
    bool_parse,
    codes_split,
    csv_read,
    int_parse,
    json_read,
    language_normalise,
    language_required,
    line_clean,
    page_upsert,
    plain_text_check,
    records_run,
    source_files,
    text_clean,
    values_split,
)
from scientix.projects.models import ProjectPage
from scientix.resources.lom import LangString, LomRecord, lom_records
from scientix.resources.models import ResourceIndexPage, ResourceKind, ResourcePage

OUR_COLUMNS = {
    "identifier", "language", "title", "description", "keywords", "kind", "link", "format", "licence",
    "resource_types", "subjects", "education_levels", "age_ranges", "end_user_roles", "age_min", "age_max",
    "rights", "free_of_charge", "project",
}
XTEC_COLUMNS = {"ID", "Títol", "Descripció", "Idioma", "Recurs", "Llicència"}
KEYWORDS_MAX = 500


@dataclass
class ResourceData:
    """A resource as understood from any source shape, before it is checked against the database."""

    identifier: str
    language: str
    title: str
    description: str
    link: str
    licence: str  # an SPDX identifier or one of our licence codes
    keywords: str = ""
    kind: str = ResourceKind.TEACHING_MATERIAL
    format: str = ""
    rights: str = ""
    free_of_charge: bool = True
    age_min: int | None = None
    age_max: int | None = None
    project: str = ""
    resource_types: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    education_levels: list[str] = field(default_factory=list)
    age_ranges: list[str] = field(default_factory=list)
    end_user_roles: list[str] = field(default_factory=list)


# --- Entry point --------------------------------------------------------------


def resources_import(*, path: Path, stdout=None, progress: bool = True) -> ImportReport:
    """Import every resource in ``path`` (a file, or the .csv, .json and .xml files in a folder).

    Pages are published under the resource list of their language; a
    resource already imported (same identifier, same language) is updated.
    Progress is drawn on ``stdout`` when one is given.
    """
    path = Path(path)
    report = ImportReport()
    records = _records_read(path, report)
    terms, index_pages, seen = TermIndex(), IndexPages(ResourceIndexPage), FirstSeen()
    return records_run(
        records, lambda record: _record_import(record, terms=terms, index_pages=index_pages, seen=seen),
        report=report, stdout=stdout, progress=progress,
    )


def _records_read(path: Path, report: ImportReport) -> list[SourceRecord]:
    records = []
    for file in source_files(path, [".csv", ".json", ".xml"]):
        try:
            records += _file_records(file, report)
        except (RecordError, OSError) as error:
            report.reject(file.name, str(error))
    return records


def _file_records(file: Path, report: ImportReport) -> list[SourceRecord]:
    suffix = file.suffix.lower()
    if suffix == ".xml":
        found = lom_records(file.read_bytes())
        if len(found) == 1:
            return [SourceRecord(where=file.name, data=found[0], shape="lom")]
        return [SourceRecord(where=f"{file.name} record {n}", data=lom, shape="lom") for n, lom in enumerate(found, 1)]
    if suffix == ".csv":
        header, found = csv_read(file)
        shape = _shape(set(header))
        unread = [name for name in header if name.strip().lower() not in OUR_COLUMNS]
        if shape == "ours" and unread:
            report.notes.append(f"{file.name}: column(s) {', '.join(unread)} are not read; their values were ignored")
    else:
        found = json_read(file, id_keys=("identifier",))
        shape = _shape(set(next((record.data for record in found if not record.problem), {})))
    if not shape:
        raise RecordError("not a resource file: expected our columns (identifier, title, ...) "
                          "or the XTEC eXeLearning catalogue")
    for record in found:
        record.shape = shape
    return found


def _shape(keys: set[str]) -> str:
    if XTEC_COLUMNS <= keys:
        return "xtec"
    if {"identifier", "title"} <= {key.strip().lower() for key in keys}:
        return "ours"
    return ""


def _record_import(record: SourceRecord, *, terms: TermIndex, index_pages: IndexPages, seen: FirstSeen) -> str:
    if record.shape == "lom":
        data = _from_lom(record.data, terms=terms)
    elif record.shape == "xtec":
        data = _from_xtec(record.data, terms=terms)
    else:
        data = _from_ours(record.data)
    seen.claim((data.language, data.identifier), record.where, name="identifier")
    return resource_save(data, terms=terms, index_pages=index_pages)


# --- Our format ---------------------------------------------------------------


def _from_ours(raw: dict) -> ResourceData:
    data = {key.strip().lower(): value for key, value in raw.items() if key}
    keywords = data.get("keywords")
    return ResourceData(
        identifier=text_clean(data.get("identifier")),
        language=language_required(data.get("language")),
        title=line_clean(data.get("title")),
        description=text_clean(data.get("description")),
        link=text_clean(data.get("link")),
        licence=text_clean(data.get("licence")),
        keywords=", ".join(values_split(keywords)) if isinstance(keywords, list) else text_clean(keywords),
        kind=text_clean(data.get("kind")).lower() or ResourceKind.TEACHING_MATERIAL,
        format=text_clean(data.get("format")),
        rights=line_clean(data.get("rights")),
        free_of_charge=bool_parse("free_of_charge", data.get("free_of_charge"), default=True),
        age_min=int_parse("age_min", data.get("age_min")),
        age_max=int_parse("age_max", data.get("age_max")),
        project=text_clean(data.get("project")),
        resource_types=codes_split(data.get("resource_types")),
        subjects=codes_split(data.get("subjects")),
        education_levels=codes_split(data.get("education_levels")),
        age_ranges=codes_split(data.get("age_ranges")),
        end_user_roles=codes_split(data.get("end_user_roles")),
    )


# --- IEEE LOM -----------------------------------------------------------------

# IEEE LOM 5.2 and LRE learning resource types that have a counterpart among ours.
LOM_RESOURCE_TYPES = {
    "exercise": "exercise", "drill and practice": "exercise", "problem statement": "exercise",
    "simulation": "simulation", "experiment": "experiment", "questionnaire": "assessment", "exam": "assessment",
    "self assessment": "assessment", "assessment": "assessment", "diagram": "image", "figure": "image",
    "graph": "image", "slide": "presentation", "presentation": "presentation", "educational game": "game",
    "game": "game", "lesson plan": "lesson-plan", "guide": "guide", "course": "course", "project": "project-work",
    "video": "video", "broadcast": "video", "report": "report",
}
# IEEE LOM 5.6 context and LRE/LOM-FR values that name one of our education levels.
LOM_CONTEXTS = {
    "pre-school": "pre-primary", "primary education": "primary", "higher education": "higher",
    "vocational education": "vocational", "continuing education": "continuing", "formation continue": "continuing",
    "teacher education": "teacher-education",
}


def _from_lom(lom: LomRecord, *, terms: TermIndex, default_language: str = "") -> ResourceData:
    language = _lom_language(lom, default_language=default_language)
    title = _pick(lom.titles, language)
    roles = _mapped(lom.end_user_roles, {}, terms, "end_user_role")
    age_min, age_max = _ages(lom.typical_age_ranges)
    return ResourceData(
        identifier=_lom_identifier(lom),
        language=language,
        title=line_clean(title),
        description=text_clean(_pick(lom.descriptions, language)),
        link=next((url for url in lom.locations if url.lower().startswith(("http://", "https://"))), ""),
        licence=licence_recognise([string.text for string in lom.rights_descriptions], terms=terms),
        keywords=_keywords([s.text for s in lom.keywords if language_normalise(s.language) in (language, None)]),
        kind=ResourceKind.STUDENT_MATERIAL if roles == ["learner"] else ResourceKind.TEACHING_MATERIAL,
        format=lom.formats[0][:120] if lom.formats else "",
        free_of_charge=lom.cost.lower() != "yes",
        age_min=age_min,
        age_max=age_max,
        resource_types=_mapped(lom.learning_resource_types, LOM_RESOURCE_TYPES, terms, "resource_type"),
        subjects=_mapped([label.text for label in lom.taxon_labels], {}, terms, "subject"),
        education_levels=_mapped(lom.contexts, LOM_CONTEXTS, terms, "education_level"),
        age_ranges=_age_range_codes(age_min, age_max, terms),
        end_user_roles=roles,
    )


def _lom_language(lom: LomRecord, *, default_language: str = "") -> str:
    """general.language, else the language of the title (some records leave general.language out),
    else ``default_language`` (what a harvested source says its records are in)."""
    raw = lom.languages[0] if lom.languages else next((s.language for s in lom.titles if s.language), "")
    raw = raw or default_language
    if not raw:
        raise RecordError("language: neither general.language nor the title says which language it is")
    return language_required(raw)


def _lom_identifier(lom: LomRecord) -> str:
    """general.identifier, else the metadata record's identifier, else the resource's address.

    An entry is qualified by its catalogue ("Canal-U_Ocms:670") unless it is
    already a URI: "670" alone would clash with another catalogue's 670.
    """
    identifiers = [*lom.general_identifiers, *lom.metadata_identifiers]
    if not identifiers:
        return lom.locations[0] if lom.locations else ""
    catalog, entry = identifiers[0]
    if catalog.upper() in ("", "URI", "URL") or re.match(r"^[a-z][a-z0-9+.-]*:", entry, re.IGNORECASE):
        return entry
    return f"{catalog}:{entry}"


def _pick(strings: list[LangString], language: str) -> str:
    """The string in ``language``, else one without a language, else the first; never "zxx" (not linguistic)."""
    usable = [string for string in strings if string.language.lower() != "zxx"]
    for wanted in (language, None):
        for string in usable:
            if language_normalise(string.language) == wanted:
                return string.text
    return usable[0].text if usable else ""


def _keywords(words: list[str]) -> str:
    # Keywords help search but are not worth losing the record over: keep whole words up to the field's length.
    kept = []
    for word in dict.fromkeys(line_clean(word) for word in words if line_clean(word)):
        if len(", ".join([*kept, word])) > KEYWORDS_MAX:
            break
        kept.append(word)
    return ", ".join(kept)


def _mapped(values: list[str], table: dict[str, str], terms: TermIndex, vocabulary: str) -> list[str]:
    """Codes for the values naming one of our terms (by ``table``, or a term's code or label); others are left out."""
    codes = []
    for value in values:
        key = " ".join(value.split()).casefold()
        term = terms.by_code[vocabulary].get(table.get(key, "")) or terms.labelled(vocabulary, value)
        if term is not None and term.code not in codes:
            codes.append(term.code)
    return codes


def _ages(ranges: list[str]) -> tuple[int | None, int | None]:
    """The span of typicalAgeRange values such as "18", "20-26", "10-12", "18-"; (None, None) if none is numeric."""
    lows, highs, open_ended = [], [], False
    for text in ranges:
        match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-\s*(\d{1,2})?\s*)?", text)
        if not match:
            continue
        low, high = int(match.group(1)), match.group(2)
        lows.append(low)
        if high:
            highs.append(int(high))
        elif "-" in text:
            open_ended = True
        else:
            highs.append(low)
    if not lows:
        return None, None
    low = min(lows)
    high = None if open_ended or not highs or max(highs) < low else max(highs)
    return low, high


def _age_range_codes(age_min: int | None, age_max: int | None, terms: TermIndex) -> list[str]:
    """Our age ranges that share more than a boundary with the record's span (a single age: the range it falls in)."""
    if age_min is None:
        return []
    high = 99 if age_max is None else age_max
    codes = []
    for term in terms.of("age_range"):
        if term.age_min is None or term.age_max is None:
            continue
        if age_min == high:
            overlaps = term.age_min <= age_min < term.age_max or (age_min == term.age_max == 99)
        else:
            overlaps = max(age_min, term.age_min) < min(high, term.age_max)
        if overlaps:
            codes.append(term.code)
    return codes


def resource_from_lom(lom: LomRecord, *, terms: TermIndex, default_language: str = "") -> ResourceData:
    """A LOM record as a resource (the harvester's entry point; the file import uses the same mapping)."""
    return _from_lom(lom, terms=terms, default_language=default_language)


# --- Dublin Core (OAI-PMH oai_dc) ---------------------------------------------------

# DCMI Type Vocabulary terms (and the library spellings of them) that name one of our resource types.
DC_TYPES = {
    "movingimage": "video", "moving image": "video", "image": "image", "stillimage": "image",
    "still image": "image", "interactiveresource": "simulation", "interactive resource": "simulation",
}


@dataclass
class DublinCoreRecord:
    """The fifteen unqualified Dublin Core elements of an oai_dc record, as written (repeatable, some with xml:lang)."""

    titles: list[LangString] = field(default_factory=list)
    descriptions: list[LangString] = field(default_factory=list)
    subjects: list[LangString] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)


def resource_from_dublin_core(dc: DublinCoreRecord, *, identifier: str, terms: TermIndex,
                              default_language: str = "") -> ResourceData:
    """An oai_dc record as a resource.

    Dublin Core has no identifier of its own that is safe to key on (dc:identifier
    is often the address), so the caller gives it (the harvester: the OAI
    identifier, qualified by the source). Subjects that name one of our terms
    (by code or label, in any language) classify the resource; the others are
    kept as keywords rather than lost. dc:date has no field on a resource.
    """
    language = _dublin_core_language(dc, default_language=default_language)
    subjects, other_subjects = [], []
    for subject in dc.subjects:
        if language_normalise(subject.language) not in (language, None):
            continue
        term = terms.labelled("subject", subject.text)
        if term is None:
            other_subjects.append(subject.text)
        elif term.code not in subjects:
            subjects.append(term.code)
    link = next((value for value in dc.identifiers if value.lower().startswith(("http://", "https://"))), "")
    if not link:
        raise RecordError("link: no dc:identifier is an http(s) address, and a resource must be reachable")
    return ResourceData(
        identifier=identifier,
        language=language,
        title=line_clean(_pick(dc.titles, language)),
        description=_dublin_core_description(dc.descriptions, language),
        link=link,
        licence=licence_recognise(dc.rights, terms=terms),
        keywords=_keywords(other_subjects),
        format=next((value[:120] for value in dc.formats if "/" in value and " " not in value.strip()), ""),
        resource_types=_mapped(dc.types, {**LOM_RESOURCE_TYPES, **DC_TYPES}, terms, "resource_type"),
        subjects=subjects,
    )


def _dublin_core_language(dc: DublinCoreRecord, *, default_language: str) -> str:
    """The first dc:language that is one of ours, else the title's xml:lang, else the source's default."""
    for raw in dc.languages:
        if language_normalise(raw):
            return language_normalise(raw)
    if dc.languages:
        return language_required(dc.languages[0])  # says which language it is and why that one is refused
    title_language = next((s.language for s in dc.titles if s.language), "")
    if title_language or default_language:
        return language_required(title_language or default_language)
    raise RecordError("language: the record has no dc:language and the source has no default language")


def _dublin_core_description(descriptions: list[LangString], language: str) -> str:
    """Every dc:description in the record's language (or in none), as paragraphs: libraries split notes over several."""
    chosen = [s.text for s in descriptions if language_normalise(s.language) in (language, None)]
    return "\n\n".join(text_clean(text) for text in (chosen or [s.text for s in descriptions[:1]]) if text_clean(text))


# --- Licences -----------------------------------------------------------------

# The words for each Creative Commons element, in the languages our sources use.
CC_ELEMENT_WORDS = {
    "nc": ["noncommercial", "non-commercial", "non commercial", "pas d'utilisation commerciale",
           "nocomercial", "no comercial", "nicht kommerziell", "non commerciale"],
    "sa": ["sharealike", "share alike", "share-alike", "partage des conditions initiales a l'identique",
           "partage dans les memes conditions", "compartirigual", "compartir igual",
           "weitergabe unter gleichen bedingungen", "condividi allo stesso modo"],
    "nd": ["noderivatives", "noderivs", "no derivatives", "no derivative works", "pas de modification",
           "sense obra derivada", "sin obra derivada", "senseobraderivada", "sinobraderivada",
           "keine bearbeitung", "non opere derivate"],
}
# Statements that the rights are reserved. Without an open licence, that is the legal default.
RESERVED_WORDS = [
    "all rights reserved", "tous droits reserves", "droits reserves", "droits d'auteur", "copyright",
    "alle rechte vorbehalten", "todos los derechos reservados", "tots els drets reservats",
    "tutti i diritti riservati", "\u00a9",
]
CC_URL = re.compile(r"creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)")
CC_ABBREVIATION = re.compile(r"\bcc[\s-]*(by(?:[\s-]+(?:nc|sa|nd))*)\b(?:[\s-]*(\d\.\d))?")


def _fold(text: str) -> str:
    """Lower case, accents and typographic apostrophes removed: "Paternité" and "paternite" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def licence_recognise(texts: list[str], *, terms: TermIndex) -> str:
    """Our licence code for rights statements such as "CC BY-SA 4.0", a Creative Commons URL,
    "Creative Commons Paternité ... 2.5 Canada" or "© Publisher 2011".

    Creative Commons licences are matched by their elements and version: a
    version we have no term for (2.5, 3.0) is a reason to skip the record,
    not to pretend it is 4.0. A copyright notice without an open licence
    means all rights reserved. Anything else is not recognised.
    """
    texts = [line_clean(text) for text in texts if line_clean(text)]
    text = _fold(" ".join(texts))
    if not text.strip():
        raise RecordError("licence: the record has no rights statement")
    if "creativecommons.org/publicdomain/zero" in text or re.search(r"\bcc0\b", text):
        return "cc0-1-0"
    elements, version = _creative_commons(text)
    if elements is not None:
        name = f"CC {'-'.join(part.upper() for part in elements)}"
        if not version:
            raise RecordError(f"licence: {name} without a version; say which one (4.0?)")
        code = f"cc-{'-'.join(elements)}-{version.replace('.', '-')}"
        if code not in terms.by_code["licence"]:
            raise RecordError(f"licence: {name} {version} is not in our licence list (it has the 4.0 licences and CC0)")
        return code
    if any(word in text for word in RESERVED_WORDS):
        return "all-rights-reserved"
    raise RecordError(f"licence: none recognised in the rights statement \u201c{' '.join(texts)[:120]}\u201d")


def _creative_commons(text: str) -> tuple[list[str] | None, str]:
    """The elements (["by", "nc", "sa"]) and version ("2.5") of a Creative Commons licence named in ``text``."""
    if match := CC_URL.search(text):
        return match.group(1).split("-"), match.group(2)
    if match := CC_ABBREVIATION.search(text):
        return re.split(r"[\s-]+", match.group(1)), match.group(2) or ""
    if "creative commons" in text:
        elements = ["by", *[element for element, words in CC_ELEMENT_WORDS.items() if any(w in text for w in words)]]
        version = re.search(r"\b(\d\.\d)\b", text)
        return elements, version.group(1) if version else ""
    return None, ""


# --- The XTEC eXeLearning catalogue -------------------------------------------

# "Etapa" (stage of the Catalan school system) and our education levels.
XTEC_STAGES = {
    "infantil": "pre-primary", "ci primària": "primary", "cm primària": "primary", "cs primària": "primary",
    "primària": "primary", "eso": "lower-secondary", "batxillerat": "upper-secondary", "fp": "vocational",
}
BREAK_TAGS = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)


def _from_xtec(row: dict, *, terms: TermIndex) -> ResourceData:
    """A row of the XTEC eXeLearning catalogue (Catalan column names; descriptions in Markdown).

    The catalogue's descriptions end some lines with a stray ``<br/>``; those
    break tags are removed (the line break is there already). Any other
    markup is still refused by the plain-text rule.
    """
    stage = XTEC_STAGES.get(line_clean(row.get("Etapa")).casefold())
    return ResourceData(
        identifier=f"xtec-exelearning:{text_clean(row.get('ID'))}" if text_clean(row.get("ID")) else "",
        language=language_required(row.get("Idioma")),
        title=line_clean(row.get("Títol")),
        description=text_clean(BREAK_TAGS.sub("", row.get("Descripció") or "")),
        link=text_clean(row.get("Recurs")),
        licence=licence_recognise([row.get("Link llicència") or "", row.get("Llicència") or ""], terms=terms),
        keywords=_keywords(text_clean(row.get("Etiquetes")).split(",")),
        rights=line_clean(row.get("Autoria")),
        education_levels=[stage] if stage else [],
    )


# --- Checking and saving ------------------------------------------------------


def resource_save(data: ResourceData, *, terms: TermIndex, index_pages: IndexPages) -> str:
    """Check ``data`` completely, then create or update its page in one transaction."""
    return page_upsert(**resource_page_values(data, terms=terms, index_pages=index_pages))


def resource_page_values(data: ResourceData, *, terms: TermIndex, index_pages: IndexPages) -> dict:
    """Check ``data`` completely; return the arguments of ``page_upsert`` for its page.

    Separate from ``resource_save`` so that a writer that must not publish
    (the harvester, for sources whose records are moderated) applies the same rules.
    """
    licence = _check(data, terms=terms)
    chosen = [
        licence,
        *terms.codes("resource_type", data.resource_types, name="resource_types"),
        *terms.codes("subject", data.subjects, name="subjects"),
        *terms.codes("education_level", data.education_levels, name="education_levels"),
        *terms.codes("age_range", data.age_ranges, name="age_ranges"),
        *terms.codes("end_user_role", data.end_user_roles, name="end_user_roles"),
    ]
    project = _project(data.project, data.language) if data.project else None
    return dict(
        model=ResourcePage, index_page=index_pages.of(data.language), key={"identifier": data.identifier},
        fields={
            "title": data.title, "description": data.description, "keywords": data.keywords, "kind": data.kind,
            "link": data.link, "format": data.format, "rights": data.rights, "free_of_charge": data.free_of_charge,
            "age_min": data.age_min, "age_max": data.age_max, "project": project,
        },
        relations={"terms": chosen},
    )


def _check(data: ResourceData, *, terms: TermIndex):
    """The rules a resource must meet, with reasons that name the record's fields; returns its licence term."""
    for name in ("identifier", "title", "description", "link", "licence"):
        if not getattr(data, name):
            raise RecordError(f"{name}: missing")
    plain_text_check("title", data.title)
    plain_text_check("format", data.format)
    if data.kind not in ResourceKind.values:
        raise RecordError(f"kind: '{data.kind}' is not one of {', '.join(ResourceKind.values)}")
    if data.age_min is not None and data.age_max is not None and data.age_max < data.age_min:
        raise RecordError(f"age_max: {data.age_max} is below age_min {data.age_min}")
    licence = terms.licence(data.licence)
    if licence is None:
        raise RecordError(f"licence: '{data.licence}' is neither an SPDX identifier nor a licence code we know")
    return licence


def _project(external_id: str, language: str) -> ProjectPage:
    """The imported project with this external_id, in the resource's language if it has that version."""
    candidates = ProjectPage.objects.filter(external_id=external_id).select_related("locale")
    found = sorted(candidates, key=lambda page: page.locale.language_code != language)
    if not found:
        raise RecordError(f"project: no project has the external_id '{external_id}' (import the projects first)")
    return found[0]

"""Import projects from files: our own CSV/JSON format, CORDIS exports and the JRC citizen-science inventory.

Our format, one project per row (CSV) or object (JSON):

    external_id, language, title, acronym, description, keywords, results,
    start_date, end_date (YYYY-MM-DD), programme (a funding_programme code),
    subjects, target_groups, age_ranges (codes), coordinator_name,
    coordinator_country (ISO 3166 alpha-2), coordinator_website, partners,
    website, languages (EU language codes)

Lists are JSON lists, or in CSV one cell with ';' between items. Partners
are, in JSON, a list of {name, country, website}; in CSV, entries
``Name|CC|https://website`` (country and website optional) separated by ';'.

The two real shapes are recognised by their keys: CORDIS project records
(``frameworkProgramme``, ``objective``) and JRC citizen-science records
(``lead_organisation``, ``geocoverage_codes``). Both are English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django_countries import countries

from scientix.core.imports import (
    FirstSeen,
    ImportReport,
    IndexPages,
    RecordError,
    SourceRecord,
    TermIndex,
    codes_split,
    csv_read,
    date_parse,
    fields_check,
    json_read,
    language_required,
    line_clean,
    page_upsert,
    plain_text_check,
    records_run,
    source_files,
    text_clean,
    values_split,
)
from scientix.projects.models import Organisation, ProjectIndexPage, ProjectPage

OUR_COLUMNS = {
    "external_id", "language", "title", "acronym", "description", "keywords", "results", "start_date", "end_date",
    "programme", "subjects", "target_groups", "age_ranges", "coordinator_name", "coordinator_country",
    "coordinator_website", "partners", "website", "languages",
}
# CORDIS frameworkProgramme values and our funding_programme codes.
CORDIS_PROGRAMMES = {"H2020": "horizon-2020", "FP7": "fp7", "HORIZON": "horizon-europe"}


@dataclass
class OrganisationData:
    name: str
    country: str = ""
    website: str = ""


@dataclass
class ProjectData:
    """A project as understood from any source shape, before it is checked against the database."""

    external_id: str
    language: str
    title: str
    description: str
    acronym: str = ""
    keywords: str = ""
    results: str = ""
    start_date: date | None = None
    end_date: date | None = None
    website: str = ""
    languages: list[str] = field(default_factory=list)
    programme: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    age_ranges: list[str] = field(default_factory=list)
    coordinator: OrganisationData | None = None
    partners: list[OrganisationData] = field(default_factory=list)


# --- Entry point --------------------------------------------------------------


def projects_import(*, path: Path, stdout=None, progress: bool = True) -> ImportReport:
    """Import every project in ``path`` (a file, or the .csv and .json files in a folder).

    Pages are published under the project list of their language; a project
    already imported (same external_id, same language) is updated. Progress
    is drawn on ``stdout`` when one is given.
    """
    path = Path(path)
    report = ImportReport()
    records = _records_read(path, report)
    terms, index_pages, seen = TermIndex(), IndexPages(ProjectIndexPage), FirstSeen()
    return records_run(
        records, lambda record: _record_import(record, terms=terms, index_pages=index_pages, seen=seen),
        report=report, stdout=stdout, progress=progress,
    )


def _records_read(path: Path, report: ImportReport) -> list[SourceRecord]:
    records = []
    for file in source_files(path, [".csv", ".json"]):
        try:
            if file.suffix.lower() == ".csv":
                header, found = csv_read(file)
                shape = _shape(set(header))
                _unread_columns_note(file, header, shape, report)
            else:
                found = json_read(file, id_keys=("external_id", "id"))
                first = next((record.data for record in found if not record.problem), {})
                shape = _shape(set(first))
        except (RecordError, OSError) as error:
            report.reject(file.name, str(error))
            continue
        if not shape:
            report.reject(file.name, "not a project file: expected our columns (external_id, title, ...), "
                                     "a CORDIS project export or a JRC citizen-science export")
            continue
        for record in found:
            record.shape = shape
        records += found
    return records


def _shape(keys: set[str]) -> str:
    lowered = {key.strip().lower() for key in keys}
    if {"frameworkProgramme", "objective"} <= keys:
        return "cordis"
    if {"lead_organisation", "geocoverage_codes"} <= keys:
        return "jrc"
    if {"external_id", "title"} <= lowered:
        return "ours"
    return ""


def _unread_columns_note(file: Path, header: list[str], shape: str, report: ImportReport) -> None:
    # A misspelt column ("subject") would silently lose a whole column of data.
    unread = [name for name in header if name.strip().lower() not in OUR_COLUMNS]
    if shape == "ours" and unread:
        report.notes.append(f"{file.name}: column(s) {', '.join(unread)} are not read; their values were ignored")


def _record_import(record: SourceRecord, *, terms: TermIndex, index_pages: IndexPages, seen: FirstSeen) -> str:
    reader = {"ours": _from_ours, "cordis": _from_cordis, "jrc": _from_jrc}[record.shape]
    data = reader(record.data)
    seen.claim((data.language, data.external_id), record.where, name="external_id")
    return project_save(data, terms=terms, index_pages=index_pages)


# --- Source shapes ------------------------------------------------------------


def _from_ours(raw: dict) -> ProjectData:
    data = {key.strip().lower(): value for key, value in raw.items() if key}
    programme = codes_split(data.get("programme"))
    if len(programme) > 1:
        raise RecordError("programme: give one funding programme code, not several")
    return ProjectData(
        external_id=text_clean(data.get("external_id")),
        language=language_required(data.get("language")),
        title=line_clean(data.get("title")),
        description=text_clean(data.get("description")),
        acronym=line_clean(data.get("acronym")),
        keywords=_keywords(data.get("keywords")),
        results=text_clean(data.get("results")),
        start_date=date_parse("start_date", data.get("start_date")),
        end_date=date_parse("end_date", data.get("end_date")),
        website=text_clean(data.get("website")),
        languages=[_language_listed(value) for value in values_split(data.get("languages"))],
        programme=programme,
        subjects=codes_split(data.get("subjects")),
        target_groups=codes_split(data.get("target_groups")),
        age_ranges=codes_split(data.get("age_ranges")),
        coordinator=_coordinator(data),
        partners=_partners(data.get("partners")),
    )


def _keywords(value) -> str:
    return ", ".join(values_split(value)) if isinstance(value, list) else text_clean(value)


def _language_listed(value: str) -> str:
    try:
        return language_required(value)
    except RecordError as error:
        raise RecordError(f"languages: {error}") from error


def _coordinator(data: dict) -> OrganisationData | None:
    name = line_clean(data.get("coordinator_name"))
    country = text_clean(data.get("coordinator_country")).upper()
    website = text_clean(data.get("coordinator_website"))
    if not name:
        if country or website:
            raise RecordError("coordinator_name: missing, though the coordinator's country or website is given")
        return None
    return OrganisationData(name=name, country=country, website=website)


def _partners(value) -> list[OrganisationData]:
    partners = []
    entries = value if isinstance(value, list) else values_split(value)
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict):
            name, country, website = entry.get("name"), entry.get("country"), entry.get("website")
        else:
            name, country, website = ([*str(entry).split("|"), "", ""])[:3]
        if not line_clean(name):
            raise RecordError(f"partners: entry {number} has no name")
        partners.append(OrganisationData(line_clean(name), text_clean(country).upper(), text_clean(website)))
    return partners


def _from_cordis(data: dict) -> ProjectData:
    """A CORDIS project record (as in the CORDIS and OpenAIRE open data sets)."""
    identifier = text_clean(data.get("id"))
    framework = text_clean(data.get("frameworkProgramme")).upper()
    if framework not in CORDIS_PROGRAMMES:
        raise RecordError(f"frameworkProgramme: '{framework}' is not one we know ({', '.join(CORDIS_PROGRAMMES)})")
    return ProjectData(
        external_id=f"cordis:{identifier}" if identifier else "",
        language="en",
        title=line_clean(data.get("title")),
        description=text_clean(data.get("objective")),
        acronym=line_clean(data.get("acronym")),
        start_date=date_parse("startDate", data.get("startDate")),
        end_date=date_parse("endDate", data.get("endDate")),
        # CORDIS records carry no project website; its fact sheet is the public page.
        website=f"https://cordis.europa.eu/project/id/{identifier}" if identifier else "",
        programme=[CORDIS_PROGRAMMES[framework]],
    )


def _from_jrc(data: dict) -> ProjectData:
    """A record of the JRC inventory of citizen-science projects (English descriptions, years as dates).

    The ``contact`` field (personal e-mail addresses) is deliberately not read.
    """
    identifier = text_clean(data.get("id"))
    lead = data.get("lead_organisation") or {}
    name = line_clean(lead.get("name") if isinstance(lead, dict) else "")
    name = name or line_clean(data.get("lead_organisation_name"))
    country = _first_country(data.get("geocoverage_codes"))
    keywords = [line_clean(data.get("environmental_field")), line_clean(data.get("category"))]
    return ProjectData(
        external_id=f"jrc-citsci:{identifier}" if identifier else "",
        language="en",
        title=line_clean(data.get("name")),
        description=text_clean(data.get("description")),
        keywords=", ".join(word for word in keywords if word and word != "Unknown"),
        start_date=_year_date("start_date", data.get("start_date"), month=1, day=1),
        end_date=_year_date("end_date", data.get("end_date"), month=12, day=31),
        website=_website(text_clean(data.get("url"))),
        subjects=["citizen-science"],
        coordinator=OrganisationData(name=name, country=country) if name else None,
    )


def _year_date(name: str, value, *, month: int, day: int) -> date | None:
    text = text_clean(value)
    if not text or text.lower() == "unknown":
        return None
    if not (text.isdigit() and len(text) == 4 and int(text) > 0):
        raise RecordError(f"{name}: '{text}' is not a year")
    return date(int(text), month, day)


def _first_country(codes) -> str:
    # "world" and "europe" are regions, not countries: no country then.
    first = text_clean(codes[0]).upper() if isinstance(codes, list) and codes else ""
    return first if first in countries else ""


def _website(url: str) -> str:
    """The inventory's ``url``: "Unknown", or several sites split by ';', or "www.example.org" without scheme."""
    first = url.replace(";", " ").split()[0] if url.strip() else ""
    if first.lower() == "unknown":
        return ""
    return f"http://{first}" if first and "://" not in first else first


# --- Checking and saving ------------------------------------------------------


def project_save(data: ProjectData, *, terms: TermIndex, index_pages: IndexPages) -> str:
    """Check ``data`` completely, then create or update its page in one transaction."""
    _check(data)
    chosen = [
        *terms.codes("funding_programme", data.programme, name="programme"),
        *terms.codes("subject", data.subjects, name="subjects"),
        *terms.codes("target_group", data.target_groups, name="target_groups"),
        *terms.codes("age_range", data.age_ranges, name="age_ranges"),
    ]
    index_page = index_pages.of(data.language)
    with transaction.atomic():
        coordinator = _organisation(data.coordinator, name="coordinator") if data.coordinator else None
        partners = [_organisation(partner, name="partners") for partner in data.partners]
        return page_upsert(
            model=ProjectPage, index_page=index_page, key={"external_id": data.external_id},
            fields={
                "title": data.title, "acronym": data.acronym, "description": data.description,
                "keywords": data.keywords, "results": data.results, "start_date": data.start_date,
                "end_date": data.end_date, "website": data.website, "languages": data.languages,
                "coordinator": coordinator,
            },
            relations={"terms": chosen, "partners": partners},
        )


def _check(data: ProjectData) -> None:
    """The rules a page's own validation would apply too, with reasons that name the record's fields."""
    for name in ("external_id", "title", "description"):
        if not getattr(data, name):
            raise RecordError(f"{name}: missing")
    plain_text_check("title", data.title)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise RecordError(f"end_date: {data.end_date} is before start_date {data.start_date}")


def _organisation(data: OrganisationData, *, name: str) -> Organisation:
    """The organisation with this name in this country, created if new (its website filled in if it had none)."""
    if data.country and data.country not in countries:
        raise RecordError(f"{name}: '{data.country}' is not an ISO 3166 country code")
    organisation = Organisation.objects.filter(name=data.name, country=data.country).first()
    if organisation is None:
        organisation = Organisation(name=data.name, country=data.country, website=data.website)
    elif data.website and not organisation.website:
        organisation.website = data.website
    else:
        return organisation
    try:
        fields_check(organisation, ["name", "country", "website"])
    except RecordError as error:
        raise RecordError(f"{name}: {error}") from error
    organisation.save()
    return organisation

"""Staff imports of projects and resources: real data sets, bad records, encodings, re-runs."""

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from scientix.core.imports import ImportReport, ProgressBar, csv_read, language_normalise
from scientix.projects.importers import projects_import
from scientix.projects.models import Organisation, ProjectIndexPage, ProjectPage
from scientix.resources.importers import resources_import
from scientix.resources.models import ResourceIndexPage, ResourcePage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# The shared data sets sit beside the checkout (../shared/data).
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def data(relative: str) -> Path:
    """A file of the shared data sets; their absence is a failure, never a skip."""
    path = DATA / relative
    assert path.exists(), f"{path} is missing: the tests need the shared data sets beside the checkout"
    return path


def codes(page, vocabulary: str) -> list[str]:
    return sorted(term.code for term in page.terms.all() if term.vocabulary == vocabulary)


def assert_every_skip_explained(report: ImportReport) -> None:
    for where, reason in report.rejections:
        assert where.strip() and reason.strip(), (where, reason)


# --- Real data sets -----------------------------------------------------------


def test_cordis_projects_are_all_created_and_published():
    report = projects_import(path=data("openaire-cordis/projects.json"))

    assert (report.created, report.skipped) == (19, 0), report.summary()
    projects = ProjectPage.objects.filter(external_id__startswith="cordis:")
    assert projects.count() == 19 and all(page.live for page in projects)
    gist = projects.get(external_id="cordis:894593")
    assert (gist.acronym, gist.start_date, gist.end_date) == ("GiSTDS", date(2020, 12, 1), date(2022, 11, 30))
    assert gist.description.startswith("Coordination of different players")
    assert codes(gist, "funding_programme") == ["horizon-2020"]
    assert gist.website == "https://cordis.europa.eu/project/id/894593"
    assert gist.get_parent().specific_class is ProjectIndexPage and gist.locale.language_code == "en"


def test_importing_twice_updates_instead_of_duplicating(tmp_path):
    projects_import(path=data("openaire-cordis/projects.json"))
    pages, revisions = ProjectPage.objects.count(), Revision.objects.count()

    again = projects_import(path=data("openaire-cordis/projects.json"))
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 19, 0)
    assert (ProjectPage.objects.count(), Revision.objects.count()) == (pages, revisions)

    records = json.loads(data("openaire-cordis/projects.json").read_text(encoding="utf-8"))
    records[0]["title"] = "GridEye Scalable Transactive Distribution Systems, revised"
    changed = tmp_path / "projects.json"
    changed.write_text(json.dumps(records), encoding="utf-8")
    third = projects_import(path=changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 18)
    assert ProjectPage.objects.count() == pages
    assert ProjectPage.objects.get(external_id="cordis:894593").title.endswith(", revised")


def test_jrc_citizen_science_projects_import():
    report = projects_import(path=data("jrc-citsci-projects/projects.json"))

    assert report.created + report.skipped == 515
    assert report.created == 515, report.summary()
    hedgehogs = ProjectPage.objects.get(external_id="jrc-citsci:10001")
    assert hedgehogs.title == "Hedgehogstreet"
    assert hedgehogs.coordinator.name == "British Hedgehog Preservation Society"
    assert hedgehogs.coordinator.country.code == "GB"
    assert (hedgehogs.start_date, hedgehogs.end_date) == (date(2011, 1, 1), None)
    assert codes(hedgehogs, "subject") == ["citizen-science"]
    # Several sites in one field: the first; a bare host name gets a scheme.
    two_sites = ProjectPage.objects.get(external_id="jrc-citsci:10014")
    assert two_sites.website == "https://www.natuurpunt.be/pagina/dieren-onder-de-wielen-20"
    assert all("://" in page.website for page in ProjectPage.objects.exclude(website=""))
    # Organisations are shared, not repeated per project; e-mail contacts are not imported.
    assert Organisation.objects.count() < 515
    assert not ProjectPage.objects.filter(description__contains="mailto:").exists()


def test_lom_samples_import_with_a_reason_for_every_skip():
    folder = data("lom2mlr-lom-samples")
    report = resources_import(path=folder)

    files = {path.name for path in folder.glob("*.xml")}
    assert report.created + report.skipped == len(files) == 13
    assert report.created >= 1, report.summary()
    assert_every_skip_explained(report)
    assert {where for where, _reason in report.rejections} <= files
    # Licence versions we have no term for are named, never mapped to 4.0.
    reasons = dict(report.rejections)
    assert "CC BY-NC-SA 2.5 is not in our licence list" in reasons["4c990689afe953.52824410.lom.xml"]
    assert reasons["4c991751a5af92.97140698.lom.xml"].startswith("licence: none recognised")

    canal = ResourcePage.objects.get(identifier="Canal-U_Ocms:670")  # language "FRE", a Windows-1252 dash in the title
    assert canal.title == "01 \u2013 Illettrisme et scolarité"
    assert canal.locale.language_code == "fr" and canal.get_parent().specific_class is ResourceIndexPage
    assert canal.link.startswith("http://www.canal-u.tv/") and canal.licence.code == "all-rights-reserved"
    iron = ResourcePage.objects.get(identifier="oai:eureka.ntic.org:4c9912151c8a69.88090749")  # fr-CA
    assert codes(iron, "subject") == ["physics"]  # from the classification label "Physique" / "Physics"
    assert (iron.age_min, iron.age_max, codes(iron, "age_range")) == (17, 18, ["15-18"])


def test_xtec_catalogue_keeps_eu_languages_and_says_why_catalan_is_skipped():
    report = resources_import(path=data("xtec-exelearning-catalog/cataleg-exelearning.csv"))

    assert (report.created, report.skipped) == (2, 4), report.summary()
    assert all("'ca' is not one of the 24 official EU languages" in reason for _where, reason in report.rejections)
    assert report.rejections[0][0] == "cataleg-exelearning.csv line 2"
    orchard = ResourcePage.objects.get(identifier="xtec-exelearning:exe00004")
    assert orchard.locale.language_code == "en" and orchard.licence.code == "cc-by-sa-4-0"
    assert "<br" not in orchard.description
    assert ResourcePage.objects.get(identifier="xtec-exelearning:exe00005").locale.language_code == "es"


def test_windows_1252_crawler_output_is_decoded_with_its_line_numbers():
    header, records = csv_read(data("oeh-wlo-crawler-outputs/output_segu_spider.csv"))

    assert header == ["title", "location", "discipline", "learningResourceType"]
    assert records[1].where == "output_segu_spider.csv line 5"  # the first title spans lines 2 to 4
    assert records[1].data["title"].strip() == "40 segu_Planer für den Geschichtsunterricht"


# --- Our own formats ----------------------------------------------------------

PROJECT_COLUMNS = (
    "external_id,language,title,description,start_date,end_date,subjects,programme,coordinator_name,coordinator_country\n"
)


def test_bad_rows_are_skipped_with_their_line_and_the_good_one_is_saved(tmp_path):
    csv_file = tmp_path / "projects.csv"
    csv_file.write_text(
        PROJECT_COLUMNS
        + "p-1,en,Solar Cars,Pupils build solar cars.,2024-01-01,2025-06-30,physics;energy,erasmus-plus,Sun School,DE\n"
        + "p-2,en,Star Signs,Horoscopes for pupils.,2024-01-01,2025-01-01,astrology,,Sun School,DE\n"
        + "p-3,en,Time Travel,Backwards.,2025-01-01,2024-01-01,physics,,,\n"
        + "p-4,en,<script>alert(1)</script>,Scripted.,,,physics,,,\n"
        + "p-5,en,,No title here.,,,physics,,,\n",
        encoding="utf-8",
    )
    report = projects_import(path=csv_file)

    assert report.created == 1 and report.skipped == 4, report.summary()
    where = [where for where, _reason in report.rejections]
    assert where == [f"projects.csv line {line}" for line in (3, 4, 5, 6)]
    reasons = [reason for _where, reason in report.rejections]
    assert "unknown subject code(s): astrology" in reasons[0]
    assert "end_date" in reasons[1] and "before" in reasons[1]
    assert reasons[2].startswith("title:") and "HTML" in reasons[2]
    assert reasons[3] == "title: missing"
    solar = ProjectPage.objects.get(external_id="p-1")
    assert solar.live and codes(solar, "subject") == ["energy", "physics"]
    assert codes(solar, "funding_programme") == ["erasmus-plus"]
    assert (solar.coordinator.name, solar.coordinator.country.code) == ("Sun School", "DE")


def test_a_second_row_with_the_same_identifier_is_skipped_not_merged(tmp_path):
    csv_file = tmp_path / "projects.csv"
    csv_file.write_text(
        PROJECT_COLUMNS + "p-1,en,First,One.,,,physics,,,\n" + "p-1,en,Second,Two.,,,physics,,,\n"
        + "p-1,de,Erstes,Eins.,,,physics,,,\n", encoding="utf-8",
    )
    report = projects_import(path=csv_file)

    assert report.created == 2
    assert report.rejections == [
        ("projects.csv line 3", "external_id: 'p-1' in this language was already imported from projects.csv line 2")
    ]
    assert ProjectPage.objects.get(external_id="p-1", locale__language_code="en").title == "First"


def test_a_rejected_record_leaves_nothing_half_saved(tmp_path):
    csv_file = tmp_path / "projects.csv"
    csv_file.write_text(
        PROJECT_COLUMNS + f"p-1,en,{'T' * 300},Too long a title.,,,physics,,Brand New Organisation,FR\n",
        encoding="utf-8",
    )
    report = projects_import(path=csv_file)

    assert report.skipped == 1 and report.rejections[0][1].startswith("title:")
    assert not Organisation.objects.filter(name="Brand New Organisation").exists()
    assert not ProjectPage.objects.filter(external_id="p-1").exists()


def test_a_windows_1252_csv_is_read_correctly(tmp_path):
    csv_file = tmp_path / "projekte.csv"
    title = "Énergie à l’école – Ökologie für alle"
    csv_file.write_bytes(
        (PROJECT_COLUMNS + f"w-1,de,{title},Schüler messen den Verbrauch.,,,energy,,Grüne Schule,AT\n").encode("cp1252")
    )
    report = projects_import(path=csv_file)

    assert report.created == 1, report.summary()
    page = ProjectPage.objects.get(external_id="w-1")
    assert (page.title, page.coordinator.name) == (title, "Grüne Schule")
    assert page.description == "Schüler messen den Verbrauch."
    assert page.locale.language_code == "de"  # filed under the German project list


def test_a_semicolon_separated_csv_with_a_bom_is_read(tmp_path):
    csv_file = tmp_path / "resources.csv"
    csv_file.write_text(
        "identifier;language;title;description;link;licence;subjects\n"
        "r-1;fr-CA;Le cycle de l'eau;Une expérience.;https://example.org/eau;CC-BY-4.0;earth-sciences\n",
        encoding="utf-8-sig",
    )
    report = resources_import(path=csv_file)

    assert report.created == 1, report.summary()
    page = ResourcePage.objects.get(identifier="r-1")
    assert (page.locale.language_code, page.licence.code) == ("fr", "cc-by-4-0")
    assert codes(page, "subject") == ["earth-sciences"]


def test_our_json_format_round_trip(tmp_path):
    projects = [{
        "external_id": "scx-42", "language": "it", "title": "Robot in classe", "acronym": "ROBOCLASS",
        "description": "Robotica per la scuola secondaria.", "keywords": ["robotica", "coding"],
        "results": "Trenta scuole coinvolte.", "start_date": "2023-09-01", "end_date": "2025-08-31",
        "programme": "erasmus-plus", "subjects": ["robotics", "programming"], "target_groups": ["teachers"],
        "age_ranges": ["12-15"], "coordinator_name": "Liceo Galilei", "coordinator_country": "IT",
        "coordinator_website": "https://liceo.example.it",
        "partners": [{"name": "Escola Nova", "country": "PT", "website": "https://escola.example.pt"},
                     {"name": "Szkoła 7", "country": "PL"}],
        "website": "https://roboclass.example.eu", "languages": ["it", "por", "pl-PL"],
    }]
    resources = [{
        "identifier": "scx-r-7", "language": "it", "title": "Guida al robot", "description": "Come costruirlo.",
        "keywords": "robot, guida", "kind": "teaching_material", "link": "https://roboclass.example.eu/guida.pdf",
        "format": "application/pdf", "licence": "CC-BY-SA-4.0", "resource_types": ["guide"],
        "subjects": ["robotics"], "education_levels": ["lower-secondary"], "age_ranges": ["12-15"],
        "end_user_roles": ["teacher"], "age_min": 12, "age_max": 15, "rights": "Liceo Galilei",
        "free_of_charge": True, "project": "scx-42",
    }]
    (tmp_path / "projects.json").write_text(json.dumps(projects), encoding="utf-8")
    (tmp_path / "resources.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")

    assert projects_import(path=tmp_path / "projects.json").created == 1
    assert resources_import(path=tmp_path / "resources.json").created == 1

    project = ProjectPage.objects.get(external_id="scx-42")
    assert project.locale.language_code == "it"
    assert (project.acronym, project.keywords) == ("ROBOCLASS", "robotica, coding")
    assert (project.start_date, project.end_date) == (date(2023, 9, 1), date(2025, 8, 31))
    assert project.languages == ["it", "pt", "pl"]
    partners = sorted((org.name, org.country.code) for org in project.partners.all())
    assert partners == [("Escola Nova", "PT"), ("Szkoła 7", "PL")]
    assert codes(project, "subject") == ["programming", "robotics"] and codes(project, "target_group") == ["teachers"]
    resource = ResourcePage.objects.get(identifier="scx-r-7")
    assert resource.project == project and resource.licence.code == "cc-by-sa-4-0"
    assert (resource.age_min, resource.age_max) == (12, 15)
    assert (resource.format, resource.rights) == ("application/pdf", "Liceo Galilei")
    assert codes(resource, "end_user_role") == ["teacher"] and codes(resource, "resource_type") == ["guide"]

    # The same files again change nothing; an edited record is updated in place.
    assert projects_import(path=tmp_path / "projects.json").unchanged == 1
    assert resources_import(path=tmp_path / "resources.json").unchanged == 1
    resources[0]["subjects"] = ["robotics", "engineering"]
    (tmp_path / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    assert resources_import(path=tmp_path / "resources.json").updated == 1
    assert codes(ResourcePage.objects.get(identifier="scx-r-7"), "subject") == ["engineering", "robotics"]
    assert ResourcePage.objects.filter(identifier="scx-r-7").count() == 1

    # The same identifier in another language is the other language version of the same resource.
    resources[0].update(language="en", title="Robot guide", description="How to build it.")
    (tmp_path / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    assert resources_import(path=tmp_path / "resources.json").created == 1
    italian, english = (
        ResourcePage.objects.get(identifier="scx-r-7", locale__language_code=code) for code in ("it", "en")
    )
    assert english.translation_key == italian.translation_key
    assert english.project == project  # the only version of the project there is


def test_resources_need_a_known_licence_a_link_and_an_eu_language(tmp_path):
    csv_file = tmp_path / "resources.csv"
    csv_file.write_text(
        "identifier,language,title,description,link,licence\n"
        "r-1,en,Fine,All good.,https://example.org/1,cc-by-4-0\n"
        "r-2,en,Odd licence,Unknown licence.,https://example.org/2,WTFPL\n"
        "r-3,en,Unreachable,No link.,,CC-BY-4.0\n"
        "r-4,no,Norsk,Norwegian.,https://example.org/4,CC-BY-4.0\n"
        "r-5,en,Unlicensed,No licence.,https://example.org/5,\n",
        encoding="utf-8",
    )
    report = resources_import(path=csv_file)

    assert report.created == 1
    assert [reason.split(":")[0] for _where, reason in report.rejections] == ["licence", "link", "language", "licence"]


def test_hostile_or_broken_xml_is_refused_with_a_reason(tmp_path):
    (tmp_path / "bomb.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE lom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<lom><general><title><string language="en">&b;</string></title></general></lom>', encoding="utf-8"
    )
    (tmp_path / "broken.xml").write_text("<lom><general>", encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<rss><channel/></rss>", encoding="utf-8")
    shutil.copy(data("lom2mlr-lom-samples/canal-u.fr-67.lom.xml"), tmp_path / "good.xml")
    report = resources_import(path=tmp_path)

    assert report.created == 1
    reasons = dict(report.rejections)
    assert "entities" in reasons["bomb.xml"]
    assert "not well-formed" in reasons["broken.xml"]
    assert "no IEEE LOM record" in reasons["feed.xml"]


def test_language_codes_of_real_records_map_to_ours():
    expected = {"fre": "fr", "FRE": "fr", "fra-CA": "fr", "fr-CA": "fr", "eng": "en", "en-GB": "en", "ger": "de",
                "deu": "de", "spa": "es", "ita": "it", "el": "el", "pl_PL": "pl", "slo": "sk", "slv": "sl"}
    assert {raw: language_normalise(raw) for raw in expected} == expected
    assert language_normalise("ca") is None and language_normalise("zxx") is None


# --- Commands and progress ----------------------------------------------------


def test_import_command_prints_progress_and_summary(tmp_path):
    out = io.StringIO()
    call_command("import_projects", str(data("openaire-cordis/projects.json")), stdout=out)
    printed = out.getvalue()
    assert "] 19/19" in printed and "\r[" in printed
    assert "19 created, 0 updated, 0 unchanged, 0 skipped." in printed


def test_import_command_lists_skips_and_fails_only_for_a_missing_path(tmp_path):
    csv_file = tmp_path / "resources.csv"
    csv_file.write_text("identifier,language,title,description,link,licence\nr-1,en,No licence,Text.,https://e.org,\n")
    out = io.StringIO()
    call_command("import_resources", str(csv_file), "--no-progress", stdout=out)  # rejections: no error
    assert "resources.csv line 2: licence: missing" in out.getvalue()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_resources", str(tmp_path / "nothing-here"))
    with pytest.raises(CommandError) as raised:
        call_command("import_projects", str(tmp_path / "nothing-here"))
    assert raised.value.returncode == 1


def test_progress_bar_redraws_in_place():
    out = io.StringIO()
    bar = ProgressBar(total=4, stdout=out)
    for _ in range(4):
        bar.advance()
    bar.finish()
    assert out.getvalue().endswith("\r[" + "#" * 30 + "] 4/4\n")
    assert "\r[" + "#" * 15 + " " * 15 + "] 2/4" in out.getvalue()


# --- Demo subset --------------------------------------------------------------


def test_demo_repository_loads_cleanly_and_once():
    from scientix.core.demo_repository import repository_demo_load

    first = repository_demo_load(stdout=io.StringIO())
    assert (first["projects"].created, first["projects"].skipped) == (59, 0), first["projects"].summary()
    assert (first["resources"].created, first["resources"].skipped) == (12, 0), first["resources"].summary()
    again = repository_demo_load()
    assert (again["projects"].created, again["projects"].unchanged) == (0, 59)
    assert again["resources"].created == 0
    demo_files = (Path(__file__).resolve().parents[1] / "scientix" / "core" / "demo_data").rglob("*.json")
    assert not any("mailto:" in path.read_text(encoding="utf-8") for path in demo_files)

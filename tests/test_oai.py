"""The OAI-PMH 2.0 provider at /oai: every verb, every error, paging, deletions, and a real harvester.

Every response is validated against the official schemas (OAI-PMH, oai_dc,
oai-identifier and the strict IEEE LOM composite) from ../shared/data.
"""

import importlib
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from scientix.oai import protocol
from scientix.oai.models import OaiRecord
from tests.conftest import publish_project, publish_resource, translate

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OAI_SCHEMAS = DATA / "schemas-oai-pmh-folio"
LOM_SCHEMAS = DATA / "schemas-ieee-lom-xsd"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/", "lom": "http://ltsc.ieee.org/xsd/LOM"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="session")
def schema(tmp_path_factory):
    """One validator for the envelope and everything inside it (OAI-PMH.xsd checks <metadata> strictly)."""
    for path in (OAI_SCHEMAS / "OAI-PMH.xsd", OAI_SCHEMAS / "oai_dc.xsd", LOM_SCHEMAS / "lom.xsd"):
        assert path.exists(), f"{path} is missing: the schemas in ../shared/data are needed"
    imports = [
        # xml.xsd first and local: simpledc imports it from w3.org, which must not be fetched.
        ("http://www.w3.org/XML/1998/namespace", LOM_SCHEMAS / "xml.xsd"),
        ("http://www.openarchives.org/OAI/2.0/", OAI_SCHEMAS / "OAI-PMH.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", OAI_SCHEMAS / "oai_dc.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai-identifier", OAI_SCHEMAS / "oai-identifier.xsd"),
        ("http://ltsc.ieee.org/xsd/LOM", LOM_SCHEMAS / "lom.xsd"),
    ]
    wrapper = tmp_path_factory.mktemp("xsd") / "all.xsd"
    wrapper.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        + "".join(f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports)
        + "</xs:schema>")
    return etree.XMLSchema(etree.parse(str(wrapper), etree.XMLParser(no_network=True)))


@pytest.fixture
def oai(client, schema):
    """GET /oai with these arguments; the response must be valid OAI-PMH. Returns the parsed document."""
    def get(method="get", http=client, **arguments):
        response = getattr(http, method)("/oai", arguments)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        root = etree.fromstring(response.content)
        schema.assertValid(root)
        return root
    return get


def error_code(root) -> str | None:
    found = root.find("o:error", NS)
    return None if found is None else found.get("code")


def identifiers(root) -> list[str]:
    return root.xpath("//o:header/o:identifier/text()", namespaces=NS)


def oai_id(page) -> str:
    kind = {"ResourcePage": "resource", "ProjectPage": "project", "CollectionPage": "collection"}[type(page).__name__]
    return f"oai:scientix.eu:{kind}/{page.translation_key}"


def stamp(page, when: datetime) -> None:
    OaiRecord.objects.filter(translation_key=page.translation_key).update(datestamp=when)


# --- Identify, ListMetadataFormats, ListSets -----------------------------------------------------


def test_identify_announces_seconds_and_persistent_deletions(db, oai):
    publish_resource("Pendulum")
    root = oai(verb="Identify")
    identify = root.find("o:Identify", NS)
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:baseURL", namespaces=NS).endswith("/oai")
    assert identify.findtext("o:adminEmail", namespaces=NS)
    earliest = identify.findtext("o:earliestDatestamp", namespaces=NS)
    assert earliest == protocol.datestamp(OaiRecord.objects.get().datestamp)
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_for_the_repository_and_per_item(db, oai):
    resource, project = publish_resource("Pendulum"), publish_project("Physics for all")
    everything = oai(verb="ListMetadataFormats")
    assert everything.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "lom"]
    for_resource = oai(verb="ListMetadataFormats", identifier=oai_id(resource))
    assert for_resource.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "lom"]
    for_project = oai(verb="ListMetadataFormats", identifier=oai_id(project))
    assert for_project.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc"]
    refused = oai(verb="GetRecord", identifier=oai_id(project), metadataPrefix="lom")
    assert error_code(refused) == "cannotDisseminateFormat"


def test_list_sets_has_types_subjects_and_languages(db, oai):
    root = oai(verb="ListSets")
    specs = root.xpath("//o:setSpec/text()", namespaces=NS)
    assert {"type", "subject", "language", "type:resource", "type:project", "type:collection",
            "subject:physics", "subject:optics", "language:fr", "language:mt"} <= set(specs)
    names = dict(zip(specs, root.xpath("//o:setName/text()", namespaces=NS), strict=True))
    assert names["subject:physics"] == "Physics"
    assert names["language:fr"] == "French"


def test_no_set_hierarchy_when_there_are_no_sets(db, oai, monkeypatch):
    from scientix.oai import selectors

    monkeypatch.setattr(selectors, "set_list", lambda: [])
    assert error_code(oai(verb="ListSets")) == "noSetHierarchy"


# --- Records and metadata -----------------------------------------------------------------------


def test_a_second_language_version_joins_the_record(db, oai):
    resource = publish_resource("Optics lab", subjects=("optics",), keywords="light, lens")
    before = OaiRecord.objects.get().datestamp
    stamp(resource, before - timedelta(hours=1))
    translate(resource, "fr", title="Labo d'optique", description="Sur la lumière.")
    record = OaiRecord.objects.get()
    assert record.datestamp > before - timedelta(hours=1)
    assert set(record.sets.values_list("spec", flat=True)) == {
        "type:resource", "language:en", "language:fr", "subject:optics", "subject:physics"}

    root = oai(verb="GetRecord", identifier=oai_id(resource), metadataPrefix="oai_dc")
    titles = {title.get(XML_LANG): title.text for title in root.iterfind(".//dc:title", NS)}
    assert titles == {"en": "Optics lab", "fr": "Labo d'optique"}
    urls = root.xpath("//dc:identifier/text()", namespaces=NS)
    assert any(url.endswith("/en/resources/optics-lab/") for url in urls)
    assert any(url.endswith("/fr/resources/optics-lab/") for url in urls)
    assert root.xpath("//dc:language/text()", namespaces=NS) == ["en", "fr"]
    assert "https://creativecommons.org/licenses/by/4.0/" in root.xpath("//dc:rights/text()", namespaces=NS)
    assert {"Optique", "Optics"} <= set(root.xpath("//dc:subject/text()", namespaces=NS))


def test_lom_round_trips_through_the_portals_own_lom_reader(db, oai, client):
    from scientix.core.imports import TermIndex
    from scientix.resources.importers import _from_lom
    from scientix.resources.lom import lom_records

    resource = publish_resource("Optics lab", subjects=("optics", "energy"), types=("simulation", "exercise"),
                                licence="cc-by-sa-4-0", keywords="light, lens", age_min=10, age_max=14,
                                link="https://example.org/optics", format="text/html")
    translate(resource, "de", title="Optiklabor", description="Über Licht.")
    oai(verb="GetRecord", identifier=oai_id(resource), metadataPrefix="lom")  # valid against the strict LOM schema
    body = client.get("/oai", {"verb": "GetRecord", "identifier": oai_id(resource), "metadataPrefix": "lom"}).content
    (lom,) = lom_records(body)
    assert {(s.language, s.text) for s in lom.titles} == {("en", "Optics lab"), ("de", "Optiklabor")}
    assert {(s.language, s.text) for s in lom.descriptions} == {("en", "About Optics lab."), ("de", "Über Licht.")}
    assert lom.languages == ["en", "de"]
    assert {s.text for s in lom.keywords} == {"light", "lens"}
    assert lom.locations == ["https://example.org/optics"]
    assert lom.formats == ["text/html"]
    assert set(lom.learning_resource_types) == {"simulation", "exercise"}
    assert lom.typical_age_ranges == ["10-14"]
    assert [s.text for s in lom.rights_descriptions] == ["https://creativecommons.org/licenses/by-sa/4.0/"]
    assert {"Optics", "Energy", "Physics", "Optik"} <= {s.text for s in lom.taxon_labels}
    assert lom.general_identifiers == [("URI", oai_id(resource))]
    # And the importer understands it as the same resource.
    data = _from_lom(lom, terms=TermIndex())
    assert (data.identifier, data.language, data.title, data.licence) == (
        oai_id(resource), "en", "Optics lab", "cc-by-sa-4-0")
    assert set(data.subjects) == {"optics", "energy", "physics"}
    assert set(data.resource_types) == {"simulation", "exercise"}
    assert (data.age_min, data.age_max) == (10, 14)


def test_projects_and_collections_in_dublin_core(db, oai):
    from scientix.resources.models import CollectionItem, CollectionPage, ResourceIndexPage

    from scientix.projects.models import Organisation

    coordinator = Organisation.objects.create(name="Lisbon Science Lab", country="PT")
    project = publish_project("Physics for all", acronym="P4A", coordinator=coordinator,
                              website="https://p4a.example.org")
    resource = publish_resource("Pendulum")
    collection = CollectionPage(title="Mechanics starter kit", description="Swinging things.")
    ResourceIndexPage.objects.get(locale__language_code="en").add_child(instance=collection)
    CollectionItem.objects.create(collection=collection, resource=resource)
    collection.save_revision().publish()

    root = oai(verb="ListRecords", metadataPrefix="oai_dc", set="type:project")
    assert identifiers(root) == [oai_id(project)]
    assert root.xpath("//dc:creator/text()", namespaces=NS) == ["Lisbon Science Lab"]
    assert root.xpath("//dc:coverage/text()", namespaces=NS) == ["PT"]
    root = oai(verb="GetRecord", identifier=oai_id(collection), metadataPrefix="oai_dc")
    assert root.xpath("//dc:type/text()", namespaces=NS) == ["Collection"]
    assert root.xpath("//dc:relation/text()", namespaces=NS) == [oai_id(resource)]


def test_hostile_text_in_content_never_breaks_the_xml(db, oai):
    resource = publish_resource("Pendulum")
    from scientix.resources.models import ResourcePage

    # Bypassing the form validators, as an old import could have done.
    ResourcePage.objects.filter(pk=resource.pk).update(
        title="Bell \x07 <b>&amp;</b> \ufffe end", description="SOH\x01 here \U0001f600", keywords="a\x0bb")
    for prefix in ("oai_dc", "lom"):
        root = oai(verb="GetRecord", identifier=oai_id(resource), metadataPrefix=prefix)
        text = etree.tostring(root, encoding="unicode")
        assert "Bell  <b>&amp;amp;</b>  end" in text.replace("&lt;", "<").replace("&gt;", ">")
        assert "\U0001f600" in text


# --- Selective harvesting ----------------------------------------------------------------------


@pytest.mark.postgres
def test_from_and_until_bounds_are_inclusive_at_both_granularities(db, oai):
    early, middle, late = (publish_resource(title) for title in ("Early", "Middle", "Late"))
    stamp(early, datetime(2024, 3, 1, 23, 59, 59, tzinfo=UTC))
    stamp(middle, datetime(2024, 3, 2, 0, 0, 0, tzinfo=UTC))
    stamp(late, datetime(2024, 3, 2, 12, 30, 0, tzinfo=UTC))

    def listed(**dates):
        root = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **dates)
        return set() if error_code(root) == "noRecordsMatch" else set(identifiers(root))

    assert listed(**{"from": "2024-03-02"}) == {oai_id(middle), oai_id(late)}
    assert listed(until="2024-03-01") == {oai_id(early)}
    assert listed(**{"from": "2024-03-02", "until": "2024-03-02"}) == {oai_id(middle), oai_id(late)}
    seconds = {"from": "2024-03-01T23:59:59Z", "until": "2024-03-02T00:00:00Z"}
    assert listed(**seconds) == {oai_id(early), oai_id(middle)}
    assert listed(**{"from": "2024-03-02T12:30:00Z"}) == {oai_id(late)}
    assert listed(**{"from": "2024-03-02T12:30:01Z"}) == set()
    assert listed(until="2024-03-01T23:59:58Z") == set()
    assert error_code(oai(verb="ListRecords", metadataPrefix="oai_dc", until="1999-01-01")) == "noRecordsMatch"
    root = oai(verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2024-03-02T12:30:00Z"})
    assert root.find("o:request", NS).get("from") == "2024-03-02T12:30:00Z"  # echoed


@pytest.mark.postgres
def test_sets_select_by_type_subject_language_and_group(db, oai):
    optics = publish_resource("Optics lab", subjects=("optics",))
    genes = publish_resource("Genes", subjects=("genetics",))
    project = publish_project("Physics for all", subjects=("physics",))
    french = translate(genes, "fr", title="Gènes")
    assert french.translation_key == genes.translation_key

    def listed(set_spec, prefix="oai_dc"):
        root = oai(verb="ListIdentifiers", metadataPrefix=prefix, set=set_spec)
        return set() if error_code(root) == "noRecordsMatch" else set(identifiers(root))

    assert listed("subject:physics") == {oai_id(optics), oai_id(project)}  # optics is under physics
    assert listed("subject:optics") == {oai_id(optics)}
    assert listed("subject:biology") == {oai_id(genes)}
    assert listed("type:project") == {oai_id(project)}
    assert listed("language:fr") == {oai_id(genes)}
    assert listed("subject") == {oai_id(optics), oai_id(genes), oai_id(project)}
    assert listed("subject:physics", prefix="lom") == {oai_id(optics)}  # projects have no LOM
    assert listed("type:project", prefix="lom") == set()
    assert listed("subject:no-such-subject") == set()
    assert listed("language:fr:extra") == set()


# --- Paging with resumption tokens ------------------------------------------------------------


def test_tokens_page_through_a_list_with_cursor_and_size(db, oai, settings):
    settings.OAI_PAGE_SIZE = 2
    pages = [publish_resource(f"Resource {n}") for n in range(5)]
    seen, cursors, sizes, arguments = [], [], [], {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    while True:
        root = oai(**arguments)
        seen += identifiers(root)
        token = root.find(".//o:resumptionToken", NS)
        if token is None:
            break
        sizes.append(token.get("completeListSize"))
        cursors.append(token.get("cursor"))
        if not token.text:
            break
        expires = datetime.strptime(token.get("expirationDate"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(hours=24)
        arguments = {"verb": "ListRecords", "resumptionToken": token.text}
        if len(seen) == 2:
            # A record changed during the harvest moves past the frozen end: nothing else is skipped.
            stamp(pages[4], datetime.now(UTC) + timedelta(minutes=5))
    assert cursors == ["0", "2"]
    assert sizes == ["5", "4"]  # the list no longer holds the changed record
    assert len(seen) == len(set(seen)) == 4
    assert set(seen) == {oai_id(page) for page in pages[:4]}


def test_a_list_that_fits_one_page_has_no_token(db, oai):
    publish_resource("Pendulum")
    assert oai(verb="ListRecords", metadataPrefix="oai_dc").find(".//o:resumptionToken", NS) is None


def test_tampered_expired_and_foreign_tokens_are_refused(db, oai, settings):
    settings.OAI_PAGE_SIZE = 1
    publish_resource("One"), publish_resource("Two")
    token = oai(verb="ListIdentifiers", metadataPrefix="oai_dc").find(".//o:resumptionToken", NS).text
    assert identifiers(oai(verb="ListIdentifiers", resumptionToken=token))
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert error_code(oai(verb="ListIdentifiers", resumptionToken=tampered)) == "badResumptionToken"
    assert error_code(oai(verb="ListIdentifiers", resumptionToken="not-a-token")) == "badResumptionToken"
    assert error_code(oai(verb="ListRecords", resumptionToken=token)) == "badResumptionToken"  # another verb's
    assert error_code(oai(verb="ListSets", resumptionToken=token)) == "badResumptionToken"
    state = protocol.ListState(verb="ListIdentifiers", prefix="oai_dc", start=None, end=None, set_spec=None,
                               position=(datetime.now(UTC), 1), cursor=1)
    old, _expires = protocol.token_issue(state, now=time.time() - 25 * 3600)
    root = oai(verb="ListIdentifiers", resumptionToken=old)
    assert error_code(root) == "badResumptionToken"
    assert "expired" in root.findtext("o:error", namespaces=NS)
    assert root.find("o:request", NS).get("resumptionToken") == old  # not a badArgument: echoed


# --- Deleted records -----------------------------------------------------------------------------


def test_unpublishing_every_version_leaves_a_deleted_header(db, oai):
    resource = publish_resource("Pendulum", subjects=("mechanics",))
    french = translate(resource, "fr", title="Pendule")
    french.refresh_from_db()
    french.unpublish()
    record = OaiRecord.objects.get()
    assert not record.deleted
    assert record.sets.filter(spec="language:fr").count() == 0
    resource.refresh_from_db()
    resource.unpublish()
    record.refresh_from_db()
    assert record.deleted

    root = oai(verb="GetRecord", identifier=oai_id(resource), metadataPrefix="oai_dc")
    header = root.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert root.find(".//o:metadata", NS) is None
    assert "subject:mechanics" in header.xpath("o:setSpec/text()", namespaces=NS)  # a set harvester hears it
    listed = oai(verb="ListRecords", metadataPrefix="lom", set="subject:mechanics")
    assert listed.find(".//o:header", NS).get("status") == "deleted"
    assert error_code(oai(verb="ListMetadataFormats", identifier=oai_id(resource))) == "noMetadataFormats"

    resource.save_revision().publish()  # back again
    assert not OaiRecord.objects.get().deleted


def test_deleting_pages_and_making_them_private_deletes_the_record(db, oai):
    from wagtail.models import PageViewRestriction

    gone, hidden = publish_resource("Gone"), publish_resource("Hidden")
    gone.delete()
    assert OaiRecord.objects.get(translation_key=gone.translation_key).deleted
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    assert OaiRecord.objects.get(translation_key=hidden.translation_key).deleted
    root = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert [header.get("status") for header in root.iterfind(".//o:header", NS)] == ["deleted", "deleted"]
    restriction.delete()
    assert not OaiRecord.objects.get(translation_key=hidden.translation_key).deleted


def test_a_page_that_was_never_public_has_no_record(db):
    from scientix.pages.services import locale_tree_ensure
    from scientix.resources.models import ResourceIndexPage, ResourcePage

    _home, sections = locale_tree_ensure(language="en")
    draft = ResourcePage(title="Draft", description="x", link="https://example.org", live=False)
    sections[ResourceIndexPage].add_child(instance=draft)
    draft.save_revision()
    draft.delete()
    assert not OaiRecord.objects.exists()


# --- Errors and hostile input ------------------------------------------------------------------


@pytest.mark.parametrize(("arguments", "code"), [
    ({}, "badVerb"),
    ({"verb": "Delete"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "lom"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-30"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "0000-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T10:00:00"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T10:00:00+01:00"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-01", "until": "2024-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01", "until": "2024-02-01T00:00:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ""}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "subject::x"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:scientix.eu:resource/x y", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": f"oai:scientix.eu:resource/{uuid.uuid4()}", "metadataPrefix": "oai_dc"},
     "idDoesNotExist"),
    ({"verb": "GetRecord", "identifier": "oai:elsewhere.org:resource/1", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "urn:isbn:0451450523"}, "idDoesNotExist"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "resumptionToken": "garbage"}, "badResumptionToken"),
])
def test_every_error_condition(db, oai, arguments, code):
    root = oai(**arguments)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the spec: no echo of arguments that are not trusted
    else:
        assert request.get("verb") == arguments["verb"]


@pytest.mark.parametrize("value", [
    "x" * 100_000, "Identify\x00", "\x00", "oai:scientix.eu:resource/\x00", "\ufffe", "Ωmega ☃ \U0001f600",
    "oai:scientix.eu:résource/✓", "%00%ff", "<script>alert(1)</script>", "' OR 1=1 --",
])
def test_hostile_values_get_a_valid_error_never_a_500(db, oai, value):
    for arguments in ({"verb": value}, {"verb": "GetRecord", "identifier": value, "metadataPrefix": "oai_dc"},
                      {"verb": "ListRecords", "metadataPrefix": value},
                      {"verb": "ListRecords", "resumptionToken": value},
                      {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": value},
                      {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": value},
                      {"verb": "ListMetadataFormats", "identifier": value}):
        assert error_code(oai(**arguments)) is not None


def test_raw_hostile_query_strings(db, client, schema):
    for query in ("verb=Identify&verb=", "verb=%00", "verb=GetRecord&identifier=%C0%AF&metadataPrefix=oai_dc",
                  "verb=ListSets&resumptionToken=%EF%BF%BF", "verb=GetRecord&identifier=%ED%A0%80&metadataPrefix=lom",
                  "verb=Identify&" + "a=1&" * 500, "=&&&verb"):
        response = client.get(f"/oai?{query}")
        assert response.status_code == 200
        root = etree.fromstring(response.content)
        schema.assertValid(root)
        assert error_code(root) in {"badVerb", "badArgument", "badResumptionToken", "idDoesNotExist"}


def test_post_works_without_a_csrf_token(db, oai, schema):
    resource = publish_resource("Pendulum")
    strict = Client(enforce_csrf_checks=True)
    root = oai(method="post", http=strict, verb="GetRecord", identifier=oai_id(resource), metadataPrefix="oai_dc")
    assert identifiers(root) == [oai_id(resource)]
    root = oai(method="post", http=strict, verb="ListRecords", metadataPrefix="lom")
    assert identifiers(root) == [oai_id(resource)]
    assert error_code(oai(method="post", http=strict, verb="Nope")) == "badVerb"


def test_other_methods_are_refused(db, client):
    assert client.put("/oai?verb=Identify").status_code == 405
    assert client.delete("/oai?verb=Identify").status_code == 405


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["oai_dc", "lom"])
def test_a_page_of_records_costs_the_same_queries_for_3_or_30(db, client, prefix, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        publish_resource(f"Resource {n}", subjects=("optics", "genetics"))
    publish_project("Project")
    with CaptureQueriesContext(connection) as few:
        client.get("/oai", {"verb": "ListRecords", "metadataPrefix": prefix})
    for n in range(27):
        publish_resource(f"More {n}", subjects=("optics",))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": prefix})
    assert response.content.count(b"<record>") == (31 if prefix == "oai_dc" else 30)
    assert len(few.captured_queries) <= 14


# --- Keeping records in step: migration backfill and oai_rebuild --------------------------------


def test_the_backfill_migration_gives_existing_items_their_records(db):
    from django.apps import apps

    resource = publish_resource("Optics lab", subjects=("optics",))
    translate(resource, "fr", title="Labo d'optique")
    publish_project("Physics for all")
    OaiRecord.objects.all().delete()
    importlib.import_module("scientix.oai.migrations.0002_backfill").forwards(apps, None)
    record = OaiRecord.objects.get(translation_key=resource.translation_key)
    assert not record.deleted
    assert set(record.sets.values_list("spec", flat=True)) == {
        "type:resource", "language:en", "language:fr", "subject:optics", "subject:physics"}
    assert OaiRecord.objects.filter(kind="project").count() == 1


def test_oai_rebuild_repairs_missing_wrong_and_vanished_records(db):
    from io import StringIO

    from scientix.resources.models import ResourcePage

    kept, missing, wrong, vanished = (publish_resource(title) for title in ("Kept", "Missing", "Wrong", "Vanished"))
    OaiRecord.objects.filter(translation_key=missing.translation_key).delete()
    OaiRecord.objects.filter(translation_key=wrong.translation_key).update(deleted=True)
    ResourcePage.objects.filter(pk=vanished.pk).update(live=False)  # behind the signals' back
    old = datetime(2020, 1, 1, tzinfo=UTC)
    OaiRecord.objects.update(datestamp=old)
    out = StringIO()
    call_command("oai_rebuild", stdout=out)
    assert "1 created, 1 updated, 1 deleted, 1 unchanged" in out.getvalue()
    assert "4/4" in out.getvalue() or "3/3" in out.getvalue()  # the progress bar
    records = {record.translation_key: record for record in OaiRecord.objects.all()}
    assert records[kept.translation_key].datestamp == old
    assert records[missing.translation_key].datestamp > old
    assert not records[wrong.translation_key].deleted
    assert records[vanished.translation_key].deleted
    call_command("oai_rebuild", "--touch", "--no-progress", stdout=StringIO())
    assert not OaiRecord.objects.filter(datestamp=old).exists()


def test_renaming_the_list_page_gives_the_resources_below_a_new_datestamp(db, django_capture_on_commit_callbacks):
    from scientix.pages.services import locale_tree_ensure
    from scientix.resources.models import ResourceIndexPage

    resource = publish_resource("Pendulum")
    stamp(resource, datetime(2020, 1, 1, tzinfo=UTC))
    _home, sections = locale_tree_ensure(language="en")
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals a new slug after commit
        sections[ResourceIndexPage].slug = "materials"
        sections[ResourceIndexPage].save_revision().publish()
    assert OaiRecord.objects.get().datestamp.year > 2020


# --- A real harvester over real HTTP ------------------------------------------------------------


@pytest.mark.postgres
def test_sickle_harvests_every_page_over_http(site, live_server, settings, schema):
    import requests
    from sickle import Sickle
    from sickle.oaiexceptions import CannotDisseminateFormat, IdDoesNotExist, NoRecordsMatch

    settings.OAI_PAGE_SIZE = 10
    resources = [publish_resource(f"Resource {n}", subjects=("optics",) if n % 2 else ("genetics",))
                 for n in range(25)]
    translate(resources[0], "fr", title="Ressource zéro")
    publish_project("Physics for all")
    resources[1].unpublish()  # outside a transaction, as a command or scheduled job does
    endpoint = f"{live_server.url}/oai"
    sickle = Sickle(endpoint, max_retries=0, timeout=30)

    assert sickle.Identify().granularity == "YYYY-MM-DDThh:mm:ssZ"
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == 26  # three pages of tokens
    assert len({record.header.identifier for record in records}) == 26
    deleted = [record for record in records if record.header.deleted]
    assert [record.header.identifier for record in deleted] == [oai_id(resources[1])]
    zero = next(record for record in records if record.header.identifier == oai_id(resources[0]))
    assert set(zero.metadata["title"]) == {"Resource 0", "Ressource zéro"}

    lom = list(sickle.ListRecords(metadataPrefix="lom", ignore_deleted=True))
    assert len(lom) == 24
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="subject:physics"))
    assert len(headers) == 13  # 12 optics resources (one deleted) and the project
    assert {s.setSpec for s in sickle.ListSets()} >= {"type:resource", "subject:optics", "language:fr"}
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc", "lom"]
    one = sickle.GetRecord(identifier=oai_id(resources[2]), metadataPrefix="lom")
    assert one.header.identifier == oai_id(resources[2])
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier=f"oai:scientix.eu:resource/{uuid.uuid4()}", metadataPrefix="oai_dc")
    with pytest.raises(CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="language:mt"))

    # The same pages as raw HTTP, GET and POST, each valid against the schemas.
    arguments = {"verb": "ListRecords", "metadataPrefix": "lom"}
    for method in ("get", "post"):
        pages, params = 0, dict(arguments)
        while True:
            sent = {"params": params} if method == "get" else {"data": params}
            response = getattr(requests, method)(endpoint, **sent, timeout=30)
            root = etree.fromstring(response.content)
            schema.assertValid(root)
            pages += 1
            token = root.find(".//o:resumptionToken", NS)
            if token is None or not token.text:
                break
            params = {"verb": "ListRecords", "resumptionToken": token.text}
        assert pages == 3

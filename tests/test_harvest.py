"""Harvesting OAI-PMH sources: recorded responses over real HTTP, retries, moderation, hostile input, the admin."""

import io
import socket
import struct
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree
from wagtail.models import Revision, WorkflowState

from scientix.harvest.client import HarvestClient, datestamp_format
from scientix.harvest.models import HarvestedRecord, HarvestRun, HarvestSource, RunStatus
from scientix.harvest.services import harvest_due, harvest_run
from scientix.harvest.tasks import harvest_due_task
from scientix.resources.models import ResourcePage
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"


def data(relative: str) -> Path:
    """A file of the shared data sets; their absence is a failure, never a skip."""
    path = DATA / relative
    assert path.exists(), f"{path} is missing: the tests need the shared data sets beside the checkout"
    return path


def recorded(name: str) -> bytes:
    return data(f"oai-pmh-protocol-fixtures-sickle/{name}").read_bytes()


# --- Building OAI-PMH responses -----------------------------------------------------


def envelope(body: str, *, verb: str = "ListRecords") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI_NS}">'
        f"<responseDate>2024-05-01T00:00:00Z</responseDate><request verb=\"{verb}\">http://127.0.0.1/oai</request>"
        f"{body}</OAI-PMH>"
    ).encode()


def list_records(records: list[str], *, token: str | None = None, size: int | None = None) -> bytes:
    resumption = ""
    if token is not None or size is not None:
        size_attribute = f' completeListSize="{size}"' if size is not None else ""
        resumption = f"<resumptionToken{size_attribute}>{escape(token or '')}</resumptionToken>"
    return envelope(f"<ListRecords>{''.join(records)}{resumption}</ListRecords>")


def oai_error(code: str, text: str = "") -> bytes:
    return envelope(f'<error code="{code}">{escape(text)}</error>')


def identify(granularity: str) -> bytes:
    return envelope(
        "<Identify><repositoryName>Fixture</repositoryName><baseURL>http://127.0.0.1/oai</baseURL>"
        "<protocolVersion>2.0</protocolVersion><adminEmail>a@example.org</adminEmail>"
        f"<earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
        f"<granularity>{granularity}</granularity></Identify>", verb="Identify",
    )


def header(identifier: str, datestamp: str, *, deleted: bool = False) -> str:
    status = ' status="deleted"' if deleted else ""
    return f"<header{status}><identifier>{escape(identifier)}</identifier><datestamp>{datestamp}</datestamp></header>"


def dc_record(identifier: str, datestamp: str, *, title: str = "Falling bodies", language: str | None = "en",
              link: str | None = "https://example.org/falling-bodies", rights: str | None = "CC BY 4.0",
              subjects=("Physics", "Free fall"), types=(), description: str = "Drop two balls and time them.",
              deleted: bool = False) -> str:
    if deleted:
        return f"<record>{header(identifier, datestamp, deleted=True)}</record>"
    elements = [f"<dc:title>{escape(title)}</dc:title>", f"<dc:description>{escape(description)}</dc:description>"]
    elements += [f"<dc:subject>{escape(subject)}</dc:subject>" for subject in subjects]
    elements += [f"<dc:type>{escape(kind)}</dc:type>" for kind in types]
    if language:
        elements.append(f"<dc:language>{language}</dc:language>")
    if link:
        elements.append(f"<dc:identifier>{escape(link)}</dc:identifier>")
    if rights:
        elements.append(f"<dc:rights>{escape(rights)}</dc:rights>")
    metadata = (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/">{"".join(elements)}</oai_dc:dc>'
    )
    return f"<record>{header(identifier, datestamp)}<metadata>{metadata}</metadata></record>"


def metadata_record(identifier: str, datestamp: str, element) -> str:
    metadata = etree.tostring(element, encoding="unicode")
    return f"<record>{header(identifier, datestamp)}<metadata>{metadata}</metadata></record>"


def lom_element(path: Path):
    """The ``lom`` element of a sample file (some wrap it in a profile's own root)."""
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    return next(element for element in root.iter() if etree.QName(element).localname == "lom")


# --- The fixture server -----------------------------------------------------------


class OaiServer:
    """An OAI-PMH endpoint on 127.0.0.1 serving what a test tells it, and remembering every request.

    By default it serves the recorded Sickle fixtures: Identify.xml, and the
    ListRecords chain whose resumption tokens are the next file's name.
    ``failures`` are applied to the next requests, one each: "reset" (the
    connection is torn down), "503" (busy, Retry-After given) or "slow"
    (answers after the client's timeout).
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.failures: list[str] = []
        self.identify = recorded("Identify.xml")
        self.pages: dict[str, bytes] = {}  # resumptionToken ("" for the first page) -> response
        self.list_records = None  # or a function(params) -> bytes

    def answer(self, path: str, params: dict) -> tuple[int, bytes]:
        if path != "/oai":
            return 404, b"<html><body>Not here</body></html>"
        verb = params.get("verb")
        if verb == "Identify":
            return 200, self.identify
        if verb == "ListRecords":
            if self.list_records is not None:
                return 200, self.list_records(params)
            token = params.get("resumptionToken", "")
            if self.pages:
                return (200, self.pages[token]) if token in self.pages else (200, oai_error("badResumptionToken"))
            return 200, recorded(token or "ListRecords.xml")
        return 200, oai_error("badVerb", f"no verb {verb}")

    def list_requests(self) -> list[dict]:
        return [request for request in self.requests if request.get("verb") == "ListRecords"]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        oai: OaiServer = self.server.oai
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query))
        oai.requests.append({"path": parts.path, **params})
        failure = oai.failures.pop(0) if oai.failures else None
        if failure == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if failure == "503":
            self._send(503, b"busy", extra={"Retry-After": "120"})  # capped by HARVEST_MAX_DELAY
            return
        if failure == "slow":
            time.sleep(1.5)
        status, body = oai.answer(parts.path, params)
        self._send(status, body)

    def _send(self, status: int, body: bytes, extra: dict | None = None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout): nothing to tell it

    def log_message(self, *args):
        pass


@pytest.fixture
def oai_server():
    oai = OaiServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.oai = oai
    server.handle_error = lambda request, address: None  # torn-down connections are on purpose
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    oai.url = f"http://127.0.0.1:{server.server_address[1]}/oai"
    yield oai
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _patient_but_quick(settings):
    # Real retries and back-off, in milliseconds instead of minutes.
    settings.HARVEST_TIMEOUT = 1
    settings.HARVEST_RETRIES = 3
    settings.HARVEST_BACKOFF = 0.01
    settings.HARVEST_MAX_DELAY = 0.05


def make_source(oai: OaiServer, name: str = "Fixture", **fields) -> HarvestSource:
    fields.setdefault("needs_moderation", False)
    return HarvestSource.objects.create(name=name, base_url=oai.url, **fields)


def harvest(source: HarvestSource, **kwargs) -> HarvestRun:
    source.refresh_from_db()
    run = harvest_run(source=source, progress=False, **kwargs)
    source.refresh_from_db()
    return run


def reasons(run: HarvestRun) -> dict[str, str]:
    return {item["identifier"]: item["reason"] for item in run.rejections}


def codes(page, vocabulary: str) -> list[str]:
    return sorted(term.code for term in page.terms.all() if term.vocabulary == vocabulary)


# --- Recorded responses ----------------------------------------------------------------


def test_the_recorded_list_is_followed_through_its_resumption_tokens_with_a_report(oai_server):
    source = make_source(oai_server)
    out = io.StringIO()
    run = harvest_run(source=source, stdout=out)
    source.refresh_from_db()

    assert run.status == RunStatus.SUCCEEDED, run.error
    tokens = [request.get("resumptionToken") for request in oai_server.list_requests()]
    assert tokens == [None, "ListRecords2.xml", "ListRecords3.xml", "ListRecords4.xml"]
    assert oai_server.list_requests()[0]["metadataPrefix"] == "oai_dc"
    # 8 records: 4 deletions of records we never had, 4 records with no licence, one header without identifier.
    assert (run.created, run.updated, run.deleted, run.unchanged, run.rejected) == (0, 0, 0, 3, 5)
    why = reasons(run)
    assert why["oai:test.example.com:1585322"] == "licence: the record has no rights statement"
    assert why["(no identifier)"] == "the record's header has no identifier"
    assert "8/8" in out.getvalue()  # completeListSize drives the progress bar
    assert not ResourcePage.objects.exists()
    assert source.last_datestamp == datetime(2011, 7, 18, 16, 31, tzinfo=timezone.utc)
    assert run.finished_at and run.harvested_from is None


def test_library_of_congress_records_are_all_rejected_with_their_reasons(oai_server):
    """Real oai_dc records (Learning Registry envelopes): none carries a licence we can recognise."""
    import json

    documents = json.loads(data("learningregistry/lr-envelopes-oai_dc.json").read_text())["documents"]
    records = []
    for number, document in enumerate(documents):
        element = etree.fromstring(document["resource_data"].encode(), etree.XMLParser(resolve_entities=False))
        records.append(metadata_record(f"oai:lr:{number}", f"2011-06-{1 + number % 28:02d}", element))
    oai_server.pages = {
        "": list_records(records[:40], token="p2", size=len(records)),
        "p2": list_records(records[40:80], token="p3", size=len(records)),
        "p3": list_records(records[80:], token="", size=len(records)),
    }
    run = harvest(make_source(oai_server))

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (len(documents), run.created, run.rejected) == (101, 1, 100), run.summary()
    assert all(item["reason"].startswith(("licence:", "language:")) for item in run.rejections), run.rejections
    assert any("'rus' is not one of the 24 official EU languages" in item["reason"] for item in run.rejections)
    assert any(item["reason"].startswith("licence: none recognised") for item in run.rejections)
    # The one taken says its materials "may be governed by copyright": all rights reserved, as in the file import.
    taken = ResourcePage.objects.get()
    assert taken.licence.code == "all-rights-reserved" and taken.link.startswith("http://hdl.loc.gov/")


def test_a_learning_registry_response_is_not_taken_for_oai_pmh(oai_server):
    oai_server.pages = {"": data("learningregistry/sample-GetRecord-list.xml").read_bytes()}
    run = harvest(make_source(oai_server))

    assert run.status == RunStatus.FAILED
    assert "is not an OAI-PMH 2.0 response" in run.error and "learningregistry.org" in run.error


# --- Mapping and publishing ----------------------------------------------------------------


def test_dublin_core_records_become_published_resources(oai_server):
    oai_server.pages = {"": list_records([
        dc_record("oai:fixture:1", "2024-01-01T10:00:00Z", subjects=("Physics", "Free fall"), types=("MovingImage",)),
        dc_record("oai:fixture:2", "2024-01-02T10:00:00Z", title="Titration", language="fre", rights="CC BY-SA 4.0",
                  subjects=("Chimie",), link="https://example.org/titration"),
        dc_record("oai:fixture:3", "2024-01-03T10:00:00Z", link="ftp://example.org/file"),
        dc_record("oai:fixture:4", "2024-01-04T10:00:00Z", rights="CC BY 2.5"),
        dc_record("oai:fixture:5", "2024-01-05T10:00:00Z", title="<b>bold</b>"),
    ])}
    source = make_source(oai_server)
    run = harvest(source)

    assert (run.status, run.created, run.rejected) == (RunStatus.SUCCEEDED, 2, 3), run.summary()
    page = ResourcePage.objects.get(identifier=f"harvest:{source.pk}:oai:fixture:1")
    assert page.live and page.locale.language_code == "en" and page.title == "Falling bodies"
    assert page.link == "https://example.org/falling-bodies" and page.licence.code == "cc-by-4-0"
    assert codes(page, "subject") == ["physics"] and page.keywords == "Free fall"
    assert codes(page, "resource_type") == ["video"]
    french = ResourcePage.objects.get(identifier=f"harvest:{source.pk}:oai:fixture:2")
    assert french.locale.language_code == "fr" and french.licence.code == "cc-by-sa-4-0"
    why = reasons(run)
    assert why["oai:fixture:3"].startswith("link: no dc:identifier is an http(s) address")
    assert "CC BY 2.5 is not in our licence list" in why["oai:fixture:4"]
    assert why["oai:fixture:5"].startswith("title:")
    assert HarvestedRecord.objects.get(source=source, oai_identifier="oai:fixture:1").page_id == page.pk
    assert source.last_datestamp == datetime(2024, 1, 5, 10, tzinfo=timezone.utc)


def test_a_record_without_language_takes_the_source_default_or_is_rejected(oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01", language=None)])}
    why = reasons(harvest(make_source(oai_server)))
    assert "no dc:language and the source has no default language" in why["oai:fixture:1"]

    german = make_source(oai_server, name="German", default_language="de")
    assert harvest(german).created == 1
    assert ResourcePage.objects.get(identifier__startswith=f"harvest:{german.pk}:").locale.language_code == "de"


def test_lom_records_are_mapped_like_the_file_import(oai_server):
    files = [*sorted(data("lom2mlr-lom-samples").glob("*.xml")),
             *sorted(data("dini-hs-oer-lom-profil/examples").glob("full-*.xml"))]
    records = [metadata_record(f"oai:lom:{path.name}", "2024-02-01", lom_element(path)) for path in files]
    oai_server.pages = {"": list_records(records)}
    source = make_source(oai_server, metadata_prefix="lom", default_language="de")
    run = harvest(source)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.created + run.rejected == len(files) == 15 and run.created >= 1, run.summary()
    canal = ResourcePage.objects.get(identifier=f"harvest:{source.pk}:oai:lom:canal-u.fr-67.lom.xml")
    assert canal.title == "01 \u2013 Illettrisme et scolarité" and canal.locale.language_code == "fr"
    assert canal.licence.code == "all-rights-reserved"
    why = reasons(run)
    assert "CC BY-NC-SA 2.5 is not in our licence list" in why["oai:lom:4c990689afe953.52824410.lom.xml"]


def test_oai_dc_served_to_a_lom_source_is_rejected_per_record(oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    run = harvest(make_source(oai_server, metadata_prefix="lom"))
    assert run.status == RunStatus.SUCCEEDED and run.rejected == 1
    assert "no IEEE LOM record" in reasons(run)["oai:fixture:1"]


# --- Incremental harvesting, updates and deletions --------------------------------------------


def records_since(records: list[tuple[str, str]]):
    """A ListRecords answer honouring from= (inclusive, compared as the server's granularity)."""

    def answer(params):
        since = params.get("from", "")
        return list_records([dc_record(identifier, stamp, title=f"Record {identifier}")
                             for identifier, stamp in records if stamp[: len(since)] >= since])

    return answer


@pytest.mark.parametrize("granularity, expected_from", [
    ("YYYY-MM-DD", "2024-01-02"),
    ("YYYY-MM-DDThh:mm:ssZ", "2024-01-02T10:00:00Z"),
])
def test_the_next_run_asks_only_for_records_from_the_last_datestamp(oai_server, granularity, expected_from):
    oai_server.identify = identify(granularity)
    records = [("oai:fixture:1", "2024-01-01T10:00:00Z"), ("oai:fixture:2", "2024-01-02T10:00:00Z")]
    oai_server.list_records = records_since(records)
    source = make_source(oai_server)
    first = harvest(source)
    assert (first.created, oai_server.list_requests()[0].get("from")) == (2, None)
    assert not [r for r in oai_server.requests if r.get("verb") == "Identify"]  # no from=, no need to ask

    records.append(("oai:fixture:3", "2024-03-01T08:00:00Z"))
    oai_server.requests.clear()
    second = harvest(source)

    assert [r["verb"] for r in oai_server.requests] == ["Identify", "ListRecords"]
    assert oai_server.list_requests()[0]["from"] == expected_from
    # The record stamped at the old mark comes again (from= is inclusive) and is found unchanged.
    assert (second.created, second.unchanged, second.updated) == (1, 1, 0)
    assert second.harvested_from == datetime(2024, 1, 2, 10, tzinfo=timezone.utc)
    assert source.last_datestamp == datetime(2024, 3, 1, 8, tzinfo=timezone.utc)
    assert ResourcePage.objects.filter(live=True).count() == 3


def test_updates_change_the_page_and_deletions_unpublish_it(oai_server):
    source = make_source(oai_server)
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    harvest(source)
    page = ResourcePage.objects.get()

    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-02", title="Falling bodies, revised")])}
    assert harvest(source).updated == 1
    page.refresh_from_db()
    assert page.live and page.title == "Falling bodies, revised"

    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-03", deleted=True)])}
    run = harvest(source)
    assert (run.deleted, run.rejected) == (1, 0)
    page.refresh_from_db()
    assert not page.live and ResourcePage.objects.filter(pk=page.pk).exists()  # kept, unpublished
    assert HarvestedRecord.objects.get(source=source).deleted
    assert harvest(source).unchanged == 1  # the same deletion again changes nothing

    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-04", title="Falling bodies, revised")])}
    assert harvest(source).updated == 1
    page.refresh_from_db()
    assert page.live  # back at the source, back online


def test_two_sources_with_the_same_identifiers_keep_their_own_pages(oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    first, second = make_source(oai_server, name="One"), make_source(oai_server, name="Two")
    harvest(first)
    harvest(second)
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-02", deleted=True)])}
    harvest(second)

    one = ResourcePage.objects.get(identifier=f"harvest:{first.pk}:oai:fixture:1")
    two = ResourcePage.objects.get(identifier=f"harvest:{second.pk}:oai:fixture:1")
    assert one.pk != two.pk and one.live and not two.live


# --- Moderation ------------------------------------------------------------------------


def test_a_moderated_source_creates_drafts_in_the_editors_workflow(oai_server, edith):
    source = make_source(oai_server, needs_moderation=True)
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    run = harvest(source)

    assert run.created == 1
    page = ResourcePage.objects.get()
    assert not page.live and page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == "Repository moderation"
    assert harvest(source).unchanged == 1  # nothing new: no revision, no second workflow
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1

    state = page.current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, edith, "approve")
    page.refresh_from_db()
    assert page.live and page.title == "Falling bodies"

    # A change waits for the editors: the published version stays as it was.
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-02", title="Falling bodies, revised")])}
    assert harvest(source).updated == 1
    page.refresh_from_db()
    assert page.live and page.title == "Falling bodies" and page.has_unpublished_changes is not None
    assert page.get_latest_revision_as_object().title == "Falling bodies, revised"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1
    assert page.workflow_in_progress


def test_harvested_drafts_send_no_mail_per_record_but_submissions_still_do(oai_server, edith,
                                                                           django_capture_on_commit_callbacks):
    from django.core import mail

    source = make_source(oai_server, needs_moderation=True)
    oai_server.pages = {"": list_records([dc_record(f"oai:fixture:{n}", "2024-01-01", link=f"https://example.org/{n}")
                                          for n in range(3)])}
    with django_capture_on_commit_callbacks(execute=True):
        assert harvest(source).created == 3
    assert mail.outbox == []

    page = ResourcePage.objects.first()
    page.current_workflow_state.cancel(user=None)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, None)  # outside a harvest: Wagtail tells the reviewers as always
    assert [message.to for message in mail.outbox] == [[edith.email]]


def test_a_deleted_record_leaves_moderation(oai_server):
    source = make_source(oai_server, needs_moderation=True)
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    harvest(source)
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-02", deleted=True)])}
    assert harvest(source).deleted == 1
    page = ResourcePage.objects.get()
    assert not page.live and not page.workflow_in_progress


# --- The network ----------------------------------------------------------------------------


def two_pages():
    return {
        "": list_records([dc_record("oai:fixture:1", "2024-01-01T10:00:00Z")], token="page-2", size=2),
        "page-2": list_records([dc_record("oai:fixture:2", "2024-01-02T10:00:00Z", link="https://example.org/2")],
                               token="", size=2),
    }


def test_resets_busy_answers_and_timeouts_are_retried_from_the_current_resumption_token(oai_server):
    oai_server.pages = two_pages()
    source = make_source(oai_server)
    # By request: the first page comes at once; the second fails three ways before it comes.
    oai_server.failures = [None, "reset", "503", "slow"]
    run = harvest(source)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.created == 2
    asked = oai_server.list_requests()
    assert [request.get("resumptionToken") for request in asked] == [None, "page-2", "page-2", "page-2", "page-2"]
    assert sum("metadataPrefix" in request for request in asked) == 1  # never restarted from the first page


def test_a_source_that_stays_down_fails_the_run_and_keeps_what_it_processed(oai_server):
    oai_server.pages = two_pages()
    source = make_source(oai_server)
    oai_server.failures = [None, "reset", "reset", "reset", "reset"]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 harvest run"):
        call_command("harvest", "Fixture", "--no-progress", stdout=out)

    run = HarvestRun.objects.get()
    assert run.status == RunStatus.FAILED and run.created == 1 and run.finished_at
    assert "could not be reached after 4 attempts" in run.error
    assert "Error:" in out.getvalue() and "1 created" in out.getvalue()
    assert ResourcePage.objects.filter(live=True).count() == 1
    source.refresh_from_db()
    assert source.last_datestamp is None  # not past the records it never saw

    oai_server.failures = []
    again = harvest(source)
    assert (again.status, again.created, again.unchanged) == (RunStatus.SUCCEEDED, 1, 1)


def test_a_broken_page_fails_the_run_with_a_clear_error(oai_server):
    oai_server.pages = {
        "": list_records([dc_record("oai:fixture:1", "2024-01-01")], token="ListRecordsBroken.xml"),
        "ListRecordsBroken.xml": recorded("ListRecordsBroken.xml"),
    }
    run = harvest(make_source(oai_server))
    assert run.status == RunStatus.FAILED and run.created == 1
    assert "is not well-formed XML" in run.error


# --- Hostile and wrong input ---------------------------------------------------------------------

ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
    b"<ListRecords><record><header><identifier>x</identifier><datestamp>2024-01-01</datestamp></header>"
    b'<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&c;</dc:title></oai_dc:dc></metadata></record>'
    b"</ListRecords></OAI-PMH>"
)
EXTERNAL_ENTITY = ENTITY_BOMB.replace(
    b'<!ENTITY a "aaaaaaaaaa">', b'<!ENTITY a SYSTEM "file:///etc/passwd">'
)


@pytest.mark.parametrize("body, message", [
    (ENTITY_BOMB, "declares a DTD"),
    (EXTERNAL_ENTITY, "declares a DTD"),
    (b"<html><body>Maintenance</body></html>", "is not an OAI-PMH 2.0 response"),
    (b"Service temporarily down", "is not well-formed XML"),
    (b"", "is not well-formed XML"),
    (recorded("badArgument.xml"), "the server answered badArgument"),
    (recorded("cannotDisseminateFormat.xml"), "the server answered cannotDisseminateFormat"),
    (recorded("noSetHierarchy.xml"), "the server answered noSetHierarchy"),
    (recorded("badResumptionToken.xml"), "the server answered badResumptionToken"),
    (recorded("undefinedError.xml"), "the server answered"),
])
def test_hostile_or_wrong_answers_fail_the_run_with_a_reason(oai_server, body, message):
    oai_server.pages = {"": body}
    run = harvest(make_source(oai_server))

    assert run.status == RunStatus.FAILED and message in run.error, run.error
    assert not ResourcePage.objects.exists()


def test_no_records_match_is_a_successful_empty_run(oai_server):
    oai_server.pages = {"": recorded("noRecordsMatch.xml")}
    run = harvest(make_source(oai_server))
    assert (run.status, run.created, run.rejected) == (RunStatus.SUCCEEDED, 0, 0)


def test_a_wrong_base_url_fails_the_run(oai_server):
    source = make_source(oai_server)
    source.base_url = oai_server.url.replace("/oai", "/nowhere")
    source.save()
    run = harvest(source)
    assert run.status == RunStatus.FAILED and "answered HTTP 404" in run.error


def test_responses_beyond_the_size_bound_are_refused(oai_server):
    oai_server.pages = {"": list_records([dc_record(f"oai:fixture:{n}", "2024-01-01") for n in range(50)])}
    client = HarvestClient(oai_server.url, timeout=1, retries=0, max_bytes=1000)
    run = harvest(make_source(oai_server), client=client)
    assert run.status == RunStatus.FAILED and "sent more than" in run.error


def test_datestamps_are_sent_at_the_servers_granularity():
    moment = datetime(2024, 1, 2, 10, 11, 12, tzinfo=timezone.utc)
    assert datestamp_format(moment, granularity="YYYY-MM-DD") == "2024-01-02"
    assert datestamp_format(moment, granularity="YYYY-MM-DDThh:mm:ssZ") == "2024-01-02T10:11:12Z"


# --- Command and schedule -------------------------------------------------------------------------


def test_the_command_harvests_by_name_or_id_and_prints_the_report(oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")], token="", size=1)}
    source = make_source(oai_server)
    out = io.StringIO()
    call_command("harvest", str(source.pk), stdout=out)
    assert "Fixture: Succeeded. 1 created, 0 updated, 0 deleted, 0 unchanged, 0 rejected." in out.getvalue()
    assert "1/1" in out.getvalue()
    with pytest.raises(CommandError, match="No harvest source is named or numbered: Nope"):
        call_command("harvest", "Nope", stdout=io.StringIO())


def test_only_due_enabled_sources_are_harvested_on_schedule(oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    due = make_source(oai_server, name="Due")
    recent = make_source(oai_server, name="Recent", interval_hours=24)
    HarvestRun.objects.create(source=recent, status=RunStatus.SUCCEEDED)
    make_source(oai_server, name="Disabled", enabled=False)

    runs = harvest_due()
    assert [run.source for run in runs] == [due]
    assert harvest_due() == []  # just harvested: not due again
    result = harvest_due_task.enqueue()  # the scheduled job (the immediate backend in tests)
    assert result.return_value == []


def test_a_source_is_not_harvested_twice_at_once(oai_server):
    source = make_source(oai_server)
    HarvestRun.objects.create(source=source)  # running
    assert harvest_run(source=source, progress=False) is None


# --- The admin --------------------------------------------------------------------------------------


def source_form(url: str, **overrides) -> dict:
    form = {"name": "Physics repository", "base_url": url, "metadata_prefix": "oai_dc", "set_spec": "",
            "needs_moderation": "on", "default_language": "", "enabled": "on", "interval_hours": "24",
            "last_datestamp": ""}
    form.update(overrides)
    return form


def test_an_editor_registers_a_source_and_harvests_it_now(client, edith, oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01")])}
    client.force_login(edith)
    assert client.get("/admin/harvest/sources/").status_code == 200
    response = client.post("/admin/harvest/sources/new/", source_form(oai_server.url))
    assert response.status_code == 302, response.content.decode()[:2000]
    source = HarvestSource.objects.get(name="Physics repository")

    listing = client.get("/admin/harvest/sources/").content.decode()
    assert f"/admin/harvest/sources/harvest/{source.pk}/" in listing
    assert client.get(f"/admin/harvest/sources/harvest/{source.pk}/").status_code == 200
    assert not HarvestRun.objects.exists()  # a GET only asks to confirm
    response = client.post(f"/admin/harvest/sources/harvest/{source.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(f"?source={source.pk}")
    run = HarvestRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED and run.created == 1
    assert not ResourcePage.objects.get().live  # the source needs moderation

    runs = client.get(response["Location"]).content.decode()
    assert "Physics repository" in runs
    assert client.get(f"/admin/harvest/runs/inspect/{run.pk}/").status_code == 200


def test_the_run_report_shows_rejected_records_with_reasons(client, edith, oai_server):
    oai_server.pages = {"": list_records([dc_record("oai:fixture:1", "2024-01-01", rights=None)])}
    run = harvest(make_source(oai_server))
    client.force_login(edith)
    page = client.get(f"/admin/harvest/runs/inspect/{run.pk}/").content.decode()
    assert "oai:fixture:1" in page and "licence: the record has no rights statement" in page
    # Runs are records of what happened: nobody adds or edits them.
    assert client.get("/admin/harvest/runs/new/").status_code in (302, 403)
    assert client.get(f"/admin/harvest/runs/edit/{run.pk}/").status_code in (302, 403)


@pytest.mark.parametrize("url, message", [
    ("ftp://example.org/oai", "Only http and https addresses can be harvested."),
    ("file:///etc/passwd", "Enter a valid URL"),
    ("https://example.org/oai?verb=Identify", "without a query"),
    ("not a url", "Enter a valid URL"),
])
def test_the_source_form_refuses_addresses_that_cannot_be_harvested(client, edith, url, message):
    client.force_login(edith)
    response = client.post("/admin/harvest/sources/new/", source_form(url))
    assert response.status_code == 200 and message in response.content.decode()
    assert not HarvestSource.objects.exists()


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1:8000/oai", "internal network (127.0.0.1)"),
    ("http://localhost/oai", "internal network"),
    ("http://10.1.2.3/oai", "internal network (10.1.2.3)"),
    ("http://192.168.0.10/oai", "internal network (192.168.0.10)"),
    ("http://169.254.169.254/latest/meta-data/", "internal network (169.254.169.254)"),
    ("http://[::1]:8080/oai", "internal network (::1)"),
    ("http://0.0.0.0/oai", "internal network (0.0.0.0)"),
    ("https://no-such-host.invalid/oai", "cannot be found"),
])
def test_the_source_form_refuses_internal_addresses(client, edith, settings, url, message):
    settings.HARVEST_ALLOW_PRIVATE_ADDRESSES = False  # as in production
    client.force_login(edith)
    response = client.post("/admin/harvest/sources/new/", source_form(url))
    assert response.status_code == 200 and message in response.content.decode()
    assert not HarvestSource.objects.exists()


def test_a_public_address_is_accepted(settings):
    settings.HARVEST_ALLOW_PRIVATE_ADDRESSES = False
    HarvestSource(name="Public", base_url="https://93.184.215.14/oai").full_clean()  # an address literal: no DNS


def test_a_source_that_now_resolves_inside_is_not_fetched(oai_server, settings):
    source = make_source(oai_server)  # saved while loopback was allowed (an intranet set-up, or DNS changed since)
    settings.HARVEST_ALLOW_PRIVATE_ADDRESSES = False
    run = harvest(source)
    assert run.status == RunStatus.FAILED and "internal address (127.0.0.1)" in run.error
    assert oai_server.requests == []


def test_teachers_translators_and_anonymous_cannot_manage_sources(client, alice, oai_server):
    source = make_source(oai_server)
    translator = make_user("tom@example.org", roles=("translator",))
    for user in (None, alice, translator):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in ("/admin/harvest/sources/", "/admin/harvest/sources/new/",
                    f"/admin/harvest/sources/edit/{source.pk}/", f"/admin/harvest/sources/harvest/{source.pk}/",
                    "/admin/harvest/runs/"):
            response = client.get(url)
            assert response.status_code in (302, 403), (user, url, response.status_code)
            if response.status_code == 302:
                assert "/login/" in response["Location"] or response["Location"].startswith("/admin/")
        response = client.post(f"/admin/harvest/sources/harvest/{source.pk}/")
        assert response.status_code in (302, 403)
        response = client.post("/admin/harvest/sources/new/", source_form(oai_server.url, name="Sneaky"))
        assert response.status_code in (302, 403)
    assert not HarvestRun.objects.exists() and not HarvestSource.objects.filter(name="Sneaky").exists()


# --- Our own endpoint ---------------------------------------------------------------------------------


def test_harvesting_our_own_endpoint_round_trips_resources(site, live_server):
    """Our /oai provider and this harvester speak the same protocol: publish, harvest, change, unpublish."""
    from tests.conftest import publish_resource

    gravity = publish_resource("Gravity simulation", subjects=("physics",), types=("simulation",),
                               licence="cc-by-sa-4-0", link="https://example.org/gravity")
    publish_resource("Acid titration", subjects=("chemistry",), types=("experiment",), link="https://example.org/acid")
    endpoint = f"{live_server.url}/oai"

    # LOM, published directly.
    lom_source = HarvestSource.objects.create(name="Ourselves (LOM)", base_url=endpoint, metadata_prefix="lom",
                                              set_spec="type:resource", needs_moderation=False)
    run = harvest(lom_source)
    assert (run.status, run.created, run.rejected) == (RunStatus.SUCCEEDED, 2, 0), run.summary()
    copy = ResourcePage.objects.get(identifier=f"harvest:{lom_source.pk}:oai:"
                                               f"{_repository()}:resource/{gravity.translation_key}")
    assert copy.live and copy.pk != gravity.pk and copy.title == "Gravity simulation"
    assert copy.licence.code == "cc-by-sa-4-0" and codes(copy, "subject") == ["physics"]
    assert copy.link == "https://example.org/gravity"

    # Dublin Core, moderated: drafts, which our endpoint does not show (no copies of copies).
    dc_source = HarvestSource.objects.create(name="Ourselves (DC)", base_url=endpoint, metadata_prefix="oai_dc",
                                             set_spec="type:resource", needs_moderation=True)
    first = harvest(dc_source)
    assert first.status == RunStatus.SUCCEEDED, first.error
    # The LOM copies are resources on our endpoint too: 2 originals + 2 copies, as drafts.
    assert (first.created, first.rejected) == (4, 0), first.summary()
    drafts = ResourcePage.objects.filter(identifier__startswith=dc_source.identifier_prefix)
    assert drafts.count() == 4 and not drafts.filter(live=True).exists()
    gravity_draft = drafts.get(identifier__endswith=f"resource/{gravity.translation_key}")
    assert gravity_draft.licence.code == "cc-by-sa-4-0" and codes(gravity_draft, "resource_type") == ["simulation"]

    mark = dc_source.last_datestamp
    gravity.title = "Gravity simulation, second edition"
    gravity.save_revision().publish()
    second = harvest(dc_source)
    assert second.status == RunStatus.SUCCEEDED and second.updated == 1, second.summary()
    assert second.harvested_from == mark and dc_source.last_datestamp >= mark  # asked only from= the mark
    gravity_draft.refresh_from_db()
    assert gravity_draft.get_latest_revision_as_object().title == "Gravity simulation, second edition"

    gravity.unpublish()
    third = harvest(dc_source)
    assert third.deleted == 1, third.summary()
    gravity_draft.refresh_from_db()
    assert not gravity_draft.live and not gravity_draft.workflow_in_progress


def _repository() -> str:
    from scientix.oai.protocol import repository_identifier

    return repository_identifier()

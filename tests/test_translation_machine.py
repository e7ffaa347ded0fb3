"""Machine drafts: LibreTranslate and DeepL over real HTTP on loopback, the draft on a real translation, the button."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from scientix.translations.machine import (
    DeepL,
    LibreTranslate,
    MachineTranslationError,
    machine_draft,
    machine_strings,
    machine_translator,
)
from tests.conftest import PASSWORD, free_port, make_user, publish_resource

pytestmark = [pytest.mark.django_db]


# --- Fake providers: real HTTP servers on 127.0.0.1 answering like the documented APIs.


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self):
        return parse_qs(self.body.decode(), keep_blank_values=True)


@dataclass
class FakeProvider:
    kind: str  # "libretranslate" or "deepl"
    api_key: str = ""  # when set, requests without it are refused like the real services do
    failure: str | None = None  # "500", "403", "429", "456", "slow", "not-json", "one-short", "block-tag"
    url: str = ""
    requests: list[Received] = field(default_factory=list)

    def answer(self, request: Received) -> tuple[int, bytes]:
        if self.failure and self.failure.isdigit():
            return int(self.failure), json.dumps({"error": "fixture failure", "message": "fixture failure"}).encode()
        if self.failure == "not-json":
            return 200, b"<html>Bad gateway page</html>"
        if self.kind == "libretranslate":
            return self._libretranslate(request.json())
        return self._deepl(request.form(), request.headers.get("Authorization", ""))

    def _translated(self, texts: list[str], language: str) -> list[str]:
        out = [f"[{language}] {text}" for text in texts]
        if self.failure == "one-short":
            out = out[:-1]
        if self.failure == "block-tag":
            out[0] = f"<div>{out[0]}</div>"
        return out

    def _libretranslate(self, payload: dict) -> tuple[int, bytes]:
        # https://libretranslate.com/docs: a list in "q" gives a list in "translatedText"; 403 for a bad key.
        if self.api_key and payload.get("api_key") != self.api_key:
            return 403, json.dumps({"error": "Invalid API key"}).encode()
        return 200, json.dumps({"translatedText": self._translated(payload["q"], payload["target"])}).encode()

    def _deepl(self, form: dict, authorization: str) -> tuple[int, bytes]:
        # https://developers.deepl.com/docs/api-reference/translate: form fields in, {"translations": [...]} out.
        if authorization != f"DeepL-Auth-Key {self.api_key}":
            return 403, json.dumps({"message": "Wrong endpoint or invalid key"}).encode()
        texts = self._translated(form["text"], form["target_lang"][0])
        translations = [{"detected_source_language": form["source_lang"][0], "text": text} for text in texts]
        return 200, json.dumps({"translations": translations}).encode()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        fake: FakeProvider = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = Received(path=self.path, headers=dict(self.headers), body=body)
        fake.requests.append(request)
        expected = "/translate" if fake.kind == "libretranslate" else "/v2/translate"
        if self.path != expected:
            self._send(404, b'{"error": "Not Found"}')
            return
        if fake.failure == "slow":
            time.sleep(1.5)  # longer than TIMEOUT=1
        status, payload = fake.answer(request)
        self._send(status, payload)

    def _send(self, status: int, body: bytes):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout)

    def log_message(self, *args):
        pass


def _serve(fake: FakeProvider):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.fake = fake
    server.handle_error = lambda request, address: None  # a client that timed out is on purpose
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def libretranslate(settings):
    fake = FakeProvider(kind="libretranslate")
    for running in _serve(fake):
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
            "CLASS": "scientix.translations.machine.LibreTranslate",
            "OPTIONS": {"URL": running.url, "API_KEY": "", "TIMEOUT": 1},
        }
        yield running


@pytest.fixture
def deepl(settings):
    fake = FakeProvider(kind="deepl", api_key="secret-key")
    for running in _serve(fake):
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
            "CLASS": "scientix.translations.machine.DeepL",
            "OPTIONS": {"URL": running.url, "API_KEY": "secret-key", "TIMEOUT": 1},
        }
        yield running


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


# --- A real wagtail-localize translation of a resource into Slovenian.


@pytest.fixture
def translation(edith):
    from scientix.pages.services import locale_tree_ensure

    page = publish_resource("Pendulum lab", description="Swing & measure.\nTime ten swings.",
                            keywords="pendulum, period")
    locale_tree_ensure(language="sl")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale("sl"))
    translation.save_target(user=edith, publish=False)  # the Slovenian draft the editor works on
    return translation


def segments(translation: Translation) -> dict[str, str]:
    """{field path: source text}"""
    found = translation.source.stringsegment_set.select_related("context", "string")
    return {segment.context.path: segment.string.data for segment in found}


def drafts(translation: Translation) -> dict[str, StringTranslation]:
    rows = StringTranslation.objects.filter(
        locale=translation.target_locale, context__object_id=translation.source.object_id,
    )
    return {row.context.path: row for row in rows.select_related("context")}


# --- What each provider is sent.


def test_it_sends_libretranslate_the_documented_json(libretranslate, translation, edith):
    machine_draft(translation=translation, user=edith)

    [request] = libretranslate.requests
    assert request.path == "/translate"
    assert request.headers["Content-Type"] == "application/json"
    payload = request.json()
    assert payload["source"] == "en" and payload["target"] == "sl" and payload["format"] == "html"
    assert sorted(payload["q"]) == sorted(set(segments(translation).values()))
    assert "api_key" not in payload  # none configured: none sent


def test_it_sends_the_libretranslate_key_only_when_set(libretranslate, settings, translation, edith):
    libretranslate.api_key = "lt-key"
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]["API_KEY"] = "lt-key"

    assert machine_draft(translation=translation, user=edith) > 0
    assert libretranslate.requests[0].json()["api_key"] == "lt-key"


def test_it_sends_deepl_form_fields_and_the_key_in_the_header(deepl, translation, edith):
    machine_draft(translation=translation, user=edith)

    [request] = deepl.requests
    assert request.path == "/v2/translate"
    assert request.headers["Authorization"] == "DeepL-Auth-Key secret-key"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = request.form()
    assert form["source_lang"] == ["EN"] and form["target_lang"] == ["SL"] and form["tag_handling"] == ["xml"]
    assert sorted(form["text"]) == sorted(set(segments(translation).values()))  # one repeated field per text
    assert "secret-key" not in request.body.decode()


@pytest.mark.parametrize(("target", "sent"), [("en", "EN-GB"), ("pt", "PT-PT"), ("de", "DE")])
def test_it_asks_deepl_for_european_variants(deepl, target, sent):
    translator = machine_translator()
    translator.translate(locale("sl"), locale(target), [StringValue("Nihalo")])

    assert deepl.requests[0].form()["target_lang"] == [sent]
    assert deepl.requests[0].form()["source_lang"] == ["SL"]


def test_it_sends_long_pages_in_batches(libretranslate):
    strings = [StringValue(f"Text {number}") for number in range(120)]

    result = machine_translator().translate(locale("en"), locale("sl"), strings)

    assert [len(request.json()["q"]) for request in libretranslate.requests] == [50, 50, 20]
    assert result[StringValue("Text 119")] == StringValue("[sl] Text 119")


def test_it_chooses_deepls_endpoint_from_the_key():
    assert DeepL({"API_KEY": "abc:fx"}).endpoint() == "https://api-free.deepl.com/v2/translate"
    assert DeepL({"API_KEY": "abc"}).endpoint() == "https://api.deepl.com/v2/translate"
    assert DeepL({"API_KEY": "abc", "URL": "http://deepl.internal/"}).endpoint() == "http://deepl.internal/v2/translate"
    assert DeepL({"API_KEY": "abc", "URL": "http://x/v2/translate"}).endpoint() == "http://x/v2/translate"


# --- The draft on a real translation.


def test_it_drafts_every_text_marked_as_machine(libretranslate, translation, edith):
    count = machine_draft(translation=translation, user=edith)

    rows = drafts(translation)
    assert count == len(segments(translation)) == len(rows)
    assert rows["title"].data == "[sl] Pendulum lab"
    for row in rows.values():
        assert row.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        assert row.tool_name == "LibreTranslate"
        assert row.last_translated_by == edith
    assert set(machine_strings(translation=translation)) == set(rows.values())


def test_it_keeps_the_markup_of_the_source_text(deepl, translation, edith):
    machine_draft(translation=translation, user=edith)

    description = next(row for path, row in drafts(translation).items() if path.startswith("description"))
    source = next(text for path, text in segments(translation).items() if path.startswith("description"))
    assert "&amp;" in source and "<br/>" in source  # wagtail-localize's plain-text string: escaped, line breaks as tags
    assert description.data == f"[SL] {source}"
    assert description.tool_name == "DeepL"


def test_it_never_overwrites_a_persons_translation(libretranslate, translation, edith):
    title = translation.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string, locale=translation.target_locale, context=title.context,
        data="Laboratorij z nihalom", translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
    )

    count = machine_draft(translation=translation, user=edith)

    assert count == len(segments(translation)) - 1
    assert "Pendulum lab" not in libretranslate.requests[0].json()["q"]  # not even sent
    rows = drafts(translation)
    assert rows["title"].data == "Laboratorij z nihalom"
    assert rows["title"].translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL
    assert rows["title"] not in machine_strings(translation=translation)


def test_it_has_nothing_left_after_a_draft(libretranslate, translation, edith):
    machine_draft(translation=translation, user=edith)

    assert machine_draft(translation=translation, user=edith) == 0
    assert len(libretranslate.requests) == 1


def test_it_stops_marking_a_text_that_a_person_saved_in_the_editor(client, libretranslate, translation, edith):
    machine_draft(translation=translation, user=edith)
    title = translation.source.stringsegment_set.get(context__path="title")
    client.login(username=edith.username, password=PASSWORD)

    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.id, title.id]),
        "value=%5Bsl%5D+Pendulum+lab", content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert drafts(translation)["title"].translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL
    assert "title" not in {row.context.path for row in machine_strings(translation=translation)}
    assert machine_strings(translation=translation).count() == len(segments(translation)) - 1


def test_it_leaves_text_with_broken_markup_for_a_person(libretranslate):
    libretranslate.failure = "block-tag"
    first, second = StringValue("Read <a id=\"a1\">the guide</a>"), StringValue("Second")

    result = machine_translator().translate(locale("en"), locale("sl"), [first, second])

    assert result[first] is None  # a <div> would break the page
    assert result[second] == StringValue("[sl] Second")


def test_it_keeps_links_of_the_source_text(libretranslate):
    text = StringValue("Read <a id=\"a1\">the guide</a> <b>now</b>")

    result = machine_translator().translate(locale("en"), locale("sl"), [text])

    assert result[text] == StringValue("[sl] Read <a id=\"a1\">the guide</a> <b>now</b>")


# --- Failures: a clear message, nothing written.


@pytest.mark.parametrize(("provider", "failure", "reason", "words"), [
    ("libretranslate", "500", "server_error", "LibreTranslate had a server error (HTTP 500)"),
    ("deepl", "503", "server_error", "DeepL had a server error (HTTP 503)"),
    ("libretranslate", "403", "refused_key", "LibreTranslate refused the API key (HTTP 403)"),
    ("deepl", "403", "refused_key", "DeepL refused the API key (HTTP 403)"),
    ("libretranslate", "429", "quota", "LibreTranslate says the quota is used up"),
    ("deepl", "429", "quota", "DeepL says the quota is used up"),
    ("deepl", "456", "quota", "(HTTP 456)"),
    ("libretranslate", "400", "rejected", "LibreTranslate rejected the request (HTTP 400)"),
    ("libretranslate", "slow", "timeout", "LibreTranslate did not answer within 1 second."),
    ("deepl", "slow", "timeout", "DeepL did not answer within 1 second."),
    ("libretranslate", "not-json", "malformed", "LibreTranslate sent an answer that could not be read"),
    ("deepl", "not-json", "malformed", "DeepL sent an answer that could not be read"),
    ("libretranslate", "one-short", "malformed", "sent back 2 translations for 3 texts"),
    ("deepl", "one-short", "malformed", "sent back 2 translations for 3 texts"),
])
def test_it_explains_a_provider_failure_and_writes_nothing(request, translation, edith, provider, failure, reason,
                                                            words):
    fake = request.getfixturevalue(provider)
    fake.failure = failure

    with pytest.raises(MachineTranslationError) as raised:
        machine_draft(translation=translation, user=edith)

    assert raised.value.reason == reason
    assert words in str(raised.value)
    assert len(fake.requests) == 1
    assert drafts(translation) == {}


def test_it_explains_a_refused_deepl_key(deepl, settings, translation, edith):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]["API_KEY"] = "wrong-key"

    with pytest.raises(MachineTranslationError, match=r"DeepL refused the API key \(HTTP 403\)"):
        machine_draft(translation=translation, user=edith)
    assert drafts(translation) == {}


def test_it_explains_an_unreachable_provider(settings, translation, edith):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "scientix.translations.machine.LibreTranslate",
        "OPTIONS": {"URL": f"http://127.0.0.1:{free_port()}", "API_KEY": "", "TIMEOUT": 1},  # nothing listens
    }

    with pytest.raises(MachineTranslationError, match="LibreTranslate could not be reached") as raised:
        machine_draft(translation=translation, user=edith)
    assert raised.value.reason == "unreachable"
    assert drafts(translation) == {}


# --- Not configured, or not for this pair.


def test_it_has_no_translator_by_default(settings, translation, edith):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

    assert machine_translator() is None
    with pytest.raises(MachineTranslationError, match="No machine translation provider is configured"):
        machine_draft(translation=translation, user=edith)


def test_it_does_not_offer_a_translation_into_the_same_language():
    english, slovenian = locale("en"), locale("sl")
    for translator in (LibreTranslate({"URL": "http://127.0.0.1:9"}), DeepL({"API_KEY": "k"})):
        assert translator.can_translate(english, slovenian)
        assert not translator.can_translate(english, english)


@pytest.mark.parametrize("code", ["ga", "hr", "mt"])
def test_it_does_not_offer_deepl_for_languages_it_lacks(code):
    deepl = DeepL({"API_KEY": "k"})

    assert not deepl.can_translate(locale("en"), locale(code))
    assert not deepl.can_translate(locale(code), locale("en"))
    assert LibreTranslate({"URL": "http://127.0.0.1:9"}).can_translate(locale("en"), locale(code))


def test_it_does_not_offer_a_provider_without_its_address_or_key():
    assert not LibreTranslate({"URL": ""}).can_translate(locale("en"), locale("sl"))
    assert not DeepL({"API_KEY": ""}).can_translate(locale("en"), locale("sl"))


def test_it_refuses_a_pair_the_provider_cannot_do(deepl, settings, edith):
    from scientix.pages.services import locale_tree_ensure

    page = publish_resource("Pendulum lab")
    locale_tree_ensure(language="ga")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    irish = Translation.objects.create(source=source, target_locale=locale("ga"))

    with pytest.raises(MachineTranslationError, match="DeepL cannot translate from English to") as raised:
        machine_draft(translation=irish, user=edith)
    assert raised.value.reason == "unsupported"
    assert deepl.requests == []


# --- The editor's button.


def url(translation: Translation, next_url: str = "/admin/pages/") -> str:
    return reverse("wagtail_localize:machine_translate", args=[translation.id]) + f"?next={next_url}"


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_it_is_the_view_behind_wagtail_localizes_button(translation):
    from django.urls import resolve

    assert resolve(reverse("wagtail_localize:machine_translate", args=[translation.id])).func.__module__ == (
        "scientix.translations.machine_views"
    )


def test_it_drafts_and_returns_to_the_editor(client, libretranslate, translation, edith):
    client.login(username=edith.username, password=PASSWORD)
    editor = f"/admin/localize/translate/{translation.id}/edit/"  # hypothetical next, as the button sends it

    response = client.post(url(translation, f"http://testserver{editor}"))

    assert response.status_code == 302 and response["Location"] == f"http://testserver{editor}"
    count = len(segments(translation))
    assert messages_of(response) == [
        ("success", f"{count} texts drafted by machine. They stay marked until a person reviews them."),
    ]
    assert len(drafts(translation)) == count


def test_it_warns_when_nothing_is_left(client, libretranslate, translation, edith):
    machine_draft(translation=translation, user=edith)
    client.login(username=edith.username, password=PASSWORD)

    response = client.post(url(translation))

    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert messages_of(response) == [("warning", "There isn't anything left to translate.")]


def test_it_shows_a_provider_failure_as_a_message(client, deepl, translation, edith):
    deepl.failure = "456"
    client.login(username=edith.username, password=PASSWORD)

    response = client.post(url(translation))

    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    [(level, text)] = messages_of(response)
    assert level == "error" and "DeepL says the quota is used up" in text
    assert drafts(translation) == {}


def test_it_shows_an_unconfigured_provider_as_a_message(client, settings, translation, edith):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    client.login(username=edith.username, password=PASSWORD)

    response = client.post(url(translation))

    assert response.status_code == 302
    assert messages_of(response) == [("error", "No machine translation provider is configured.")]


def test_it_does_not_follow_next_to_another_site(client, libretranslate, translation, edith):
    client.login(username=edith.username, password=PASSWORD)

    response = client.post(url(translation, "https://evil.example/"))

    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_it_rejects_get(client, libretranslate, translation, edith):
    client.login(username=edith.username, password=PASSWORD)

    assert client.get(url(translation)).status_code == 405
    assert libretranslate.requests == [] and drafts(translation) == {}


def test_it_refuses_staff_who_may_not_edit_the_page(client, libretranslate, translation):
    evaluator = make_user("eve@example.org", roles=("evaluator",))  # admin access, no page permissions
    client.login(username=evaluator.username, password=PASSWORD)

    response = client.post(url(translation))
    # Wagtail's admin turns PermissionDenied into a redirect home with its message; for script requests, a 403.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.post(url(translation), headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    assert libretranslate.requests == [] and drafts(translation) == {}


def test_it_refuses_people_without_admin_access(client, libretranslate, translation, alice):
    response = client.post(url(translation))  # anonymous
    assert response.status_code == 302 and "/login/" in response["Location"]

    client.login(username=alice.username, password=PASSWORD)
    assert client.post(url(translation)).status_code == 302
    assert libretranslate.requests == [] and drafts(translation) == {}


def test_it_answers_404_for_an_unknown_translation(client, libretranslate, edith):
    client.login(username=edith.username, password=PASSWORD)

    response = client.post(reverse("wagtail_localize:machine_translate", args=[999999]))

    assert response.status_code == 404
    assert libretranslate.requests == []


def test_the_job_page_offers_the_draft_to_its_translator_and_reports_failures(client, libretranslate, edith):
    from datetime import timedelta

    from django.utils import timezone

    from scientix.translations.services import job_open

    tina = make_user("tina@example.org", roles=("translator",))
    page = publish_resource("Pendulum lab", description="Swing and measure.", keywords="pendulum")
    job = job_open(page=page, language="sl", translator=tina, due_date=timezone.localdate() + timedelta(days=7),
                   opened_by=edith)
    url = reverse("translations_admin:job_action", args=[job.pk, "machine"])
    client.force_login(tina)
    assert "Machine draft with LibreTranslate" in client.get(reverse("translations_admin:job", args=[job.pk])).content.decode()

    libretranslate.failure = "500"
    response = client.post(url, follow=True)
    assert "LibreTranslate" in response.content.decode() and drafts(job.localize_translation) == {}

    libretranslate.failure = None
    response = client.post(url, follow=True)
    assert "3 texts drafted by machine" in response.content.decode()
    assert {row.translation_type for row in drafts(job.localize_translation).values()} == {"machine"}

    client.force_login(edith)  # not the job's translator: refused, nothing sent
    sent = len(libretranslate.requests)
    response = client.post(url, follow=True)
    assert "You do not have the right to do this." in response.content.decode() and len(libretranslate.requests) == sent

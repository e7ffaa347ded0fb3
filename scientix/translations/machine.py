"""Machine drafts: LibreTranslate and DeepL behind wagtail-localize's one provider interface.

wagtail-localize chooses the provider from ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``
(settings.py builds it from ``MACHINE_TRANSLATION_*``; none by default) and its
editor shows a "Translate with <provider>" button when ``can_translate`` says
yes. Its bundled LibreTranslator and DeepLTranslator are not used: DeepL's
endpoint is hard-coded and its HTTP errors are ignored, and neither turns a
network failure, a timeout or a malformed answer into something an editor can
read. Here every failure is a ``MachineTranslationError`` whose message says
which provider failed and how, and nothing is written when a provider fails.

Machine-drafted text is stored as wagtail-localize ``StringTranslation`` rows
with ``translation_type="machine"`` and the provider's name in ``tool_name``:
that is the mark. It goes away only when a person saves the text in the
editor (see ``machine_strings``), and publication refuses unreviewed drafts.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable

import requests
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30  # seconds; settings.MACHINE_TRANSLATION_TIMEOUT normally provides it
# Texts per HTTP request: DeepL accepts at most 50 per request; a long page is sent in several.
BATCH_SIZE = 50


class MachineTranslationError(Exception):
    """A machine draft could not be made; ``str(error)`` is a translated message for the editor.

    ``reason`` is a stable code for logs and tests: not_configured, unsupported, unreachable,
    timeout, refused_key, quota, server_error, rejected, malformed.
    """

    def __init__(self, message: str, *, reason: str, provider: str = "", status: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.provider = provider
        self.status = status


def _base_code(language_code: str) -> str:
    # Locales are ISO 639-1 ("sl"); a regional variant ("pt-br") would still name its language first.
    return language_code.split("-")[0].lower()


class _HttpTranslator(BaseMachineTranslator, ABC):
    """What both providers share: batching, one POST per batch, every failure made readable."""

    display_name = "?"
    quota_statuses: frozenset[int] = frozenset({429})

    def timeout(self) -> float:
        return float(self.options.get("TIMEOUT") or DEFAULT_TIMEOUT)

    def configuration_problem(self) -> str | None:
        """A translated message when the options cannot work, else None."""
        return None

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        if self.configuration_problem():
            return False  # the editor then hides the button rather than offering one that fails
        return _base_code(source_locale.language_code) != _base_code(target_locale.language_code)

    def translate(self, source_locale: Locale, target_locale: Locale, strings: Iterable[StringValue]) -> dict:
        """{source StringValue: translated StringValue or None}; raises MachineTranslationError.

        None marks a text whose translation came back with markup that would break the page
        (a block tag, an attribute, a link that is not in the original): it stays for a person.
        """
        problem = self.configuration_problem()
        if problem:
            raise MachineTranslationError(problem, reason="not_configured", provider=self.display_name)
        strings = list(strings)
        result = {}
        for start in range(0, len(strings), BATCH_SIZE):
            batch = strings[start:start + BATCH_SIZE]
            texts = self.send(source_locale, target_locale, [string.data for string in batch])
            for original, text in zip(batch, texts, strict=True):  # send() checked the count
                result[original] = self._checked(original, text)
        return result

    @abstractmethod
    def send(self, source_locale: Locale, target_locale: Locale, texts: list[str]) -> list[str]:
        """POST one batch to the provider; return exactly one translated text per text (each provider's own API)."""

    def post(self, url: str, **kwargs) -> dict:
        """POST and return the decoded JSON object; any failure becomes a MachineTranslationError."""
        provider = self.display_name
        try:
            response = requests.post(url, timeout=self.timeout(), **kwargs)
        except requests.Timeout as error:
            logger.warning("%s timed out: %s", provider, error)
            seconds = self.timeout()
            raise MachineTranslationError(
                ngettext(
                    "%(provider)s did not answer within %(seconds)s second. Try again later or translate by hand.",
                    "%(provider)s did not answer within %(seconds)s seconds. Try again later or translate by hand.",
                    round(seconds),
                )
                % {"provider": provider, "seconds": f"{seconds:g}"},
                reason="timeout", provider=provider,
            ) from error
        except requests.RequestException as error:  # refused, reset, DNS, TLS, invalid URL
            logger.warning("%s unreachable at %s: %s", provider, url, error)
            raise MachineTranslationError(
                _("%(provider)s could not be reached. Try again later or translate by hand.") % {"provider": provider},
                reason="unreachable", provider=provider,
            ) from error
        if response.status_code >= 400:
            raise self._http_error(response)
        try:
            answer = response.json()
        except ValueError as error:
            logger.warning("%s sent something other than JSON: %r", provider, response.text[:500])
            raise self._malformed() from error
        if not isinstance(answer, dict):
            raise self._malformed()
        return answer

    def _http_error(self, response: requests.Response) -> MachineTranslationError:
        provider, status = self.display_name, response.status_code
        logger.warning("%s answered HTTP %s: %s", provider, status, response.text[:500])
        values = {"provider": provider, "status": status}
        if status in (401, 403):
            message = _("%(provider)s refused the API key (HTTP %(status)s). "
                        "Check MACHINE_TRANSLATION_API_KEY.") % values
            reason = "refused_key"
        elif status in self.quota_statuses:
            message = _("%(provider)s says the quota is used up or there were too many requests "
                        "(HTTP %(status)s). Try again later.") % values
            reason = "quota"
        elif status >= 500:
            message = _("%(provider)s had a server error (HTTP %(status)s). Try again later.") % values
            reason = "server_error"
        else:
            message = _("%(provider)s rejected the request (HTTP %(status)s).") % values
            reason = "rejected"
        return MachineTranslationError(message, reason=reason, provider=provider, status=status)

    def _malformed(self) -> MachineTranslationError:
        return MachineTranslationError(
            _("%(provider)s sent an answer that could not be read.") % {"provider": self.display_name},
            reason="malformed", provider=self.display_name,
        )

    def _texts(self, items, *, sent: int) -> list[str]:
        """The answer's list of texts, as many as were sent."""
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise self._malformed()
        if len(items) != sent:
            # Matching by position would put texts in the wrong places: refuse the whole answer.
            raise MachineTranslationError(
                _("%(provider)s sent back %(received)s translations for %(sent)s texts.")
                % {"provider": self.display_name, "received": len(items), "sent": sent},
                reason="malformed", provider=self.display_name,
            )
        return items

    def _checked(self, original: StringValue, text: str) -> StringValue | None:
        # The same rules wagtail-localize applies to a person's translation: inline tags only,
        # no attributes, no link the original does not have. Re-serialising also normalises markup.
        try:
            value = StringValue.from_translated_html(text)
            validate_translation_links(original.data, value.data)
        except ValueError as error:
            logger.warning("%s returned unusable markup for %r: %s", self.display_name, original.data[:200], error)
            return None
        return value if value.data.strip() else None


class LibreTranslate(_HttpTranslator):
    """LibreTranslate's HTTP API (self-hosted or libretranslate.com): POST {URL}/translate, JSON both ways.

    OPTIONS: URL (the server, without /translate), API_KEY (only if the server asks for one), TIMEOUT.
    Which language pairs a server has depends on the models it installed; an unsupported pair
    comes back as HTTP 400 and is reported as a refused request.
    """

    display_name = "LibreTranslate"

    def configuration_problem(self) -> str | None:
        if not self.options.get("URL"):
            return _("LibreTranslate needs the server's address in MACHINE_TRANSLATION_URL.")
        return None

    def endpoint(self) -> str:
        return self.options["URL"].rstrip("/") + "/translate"

    def send(self, source_locale: Locale, target_locale: Locale, texts: list[str]) -> list[str]:
        payload = {
            "q": texts,  # a list asks for a list back, in the same order
            "source": _base_code(source_locale.language_code),
            "target": _base_code(target_locale.language_code),
            "format": "html",  # keeps wagtail-localize's inline tags (<b>, <a id="a1">) as tags
        }
        if self.options.get("API_KEY"):
            payload["api_key"] = self.options["API_KEY"]
        answer = self.post(self.endpoint(), data=json.dumps(payload),
                           headers={"Content-Type": "application/json", "Accept": "application/json"})
        return self._texts(answer.get("translatedText"), sent=len(texts))


# DeepL's target languages among the 24 EU languages, from developers.deepl.com "Languages supported"
# (read 2025-04). Irish, Croatian and Maltese are missing from the documented list for text with tag
# handling; add them here when DeepL documents them as generally available.
DEEPL_SUPPORTED = frozenset({
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hu", "it",
    "lt", "lv", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
})
# DeepL wants a variant for these targets; the portal's English and Portuguese are European.
DEEPL_TARGET_VARIANTS = {"en": "EN-GB", "pt": "PT-PT"}


class DeepL(_HttpTranslator):
    """DeepL's API v2: POST form fields to /v2/translate with the key in the Authorization header.

    OPTIONS: API_KEY (required; a key ending in ":fx" is a DeepL API Free key and goes to
    api-free.deepl.com), URL (only to reach another DeepL-compatible endpoint: a full
    .../v2/translate address, or a base address to which /v2/translate is added), TIMEOUT.
    """

    display_name = "DeepL"
    quota_statuses = frozenset({429, 456})  # 456: the account's character quota is used up

    def configuration_problem(self) -> str | None:
        if not self.options.get("API_KEY"):
            return _("DeepL needs an API key in MACHINE_TRANSLATION_API_KEY.")
        return None

    def endpoint(self) -> str:
        url = (self.options.get("URL") or "").rstrip("/")
        if url:
            return url if url.endswith("/translate") else url + "/v2/translate"
        if self.options["API_KEY"].endswith(":fx"):
            return "https://api-free.deepl.com/v2/translate"
        return "https://api.deepl.com/v2/translate"

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        return (super().can_translate(source_locale, target_locale)
                and _base_code(source_locale.language_code) in DEEPL_SUPPORTED
                and _base_code(target_locale.language_code) in DEEPL_SUPPORTED)

    def send(self, source_locale: Locale, target_locale: Locale, texts: list[str]) -> list[str]:
        target = _base_code(target_locale.language_code)
        fields = {
            "text": texts,  # repeated form field, answered in the same order
            "source_lang": _base_code(source_locale.language_code).upper(),
            "target_lang": DEEPL_TARGET_VARIANTS.get(target, target.upper()),
            # wagtail-localize's strings are inline HTML serialised by BeautifulSoup (<br/>, &amp;):
            # well-formed XML, so DeepL translates the text and leaves the tags alone.
            "tag_handling": "xml",
        }
        answer = self.post(self.endpoint(), data=fields, headers={
            "Authorization": f"DeepL-Auth-Key {self.options['API_KEY']}", "Accept": "application/json",
        })
        translations = answer.get("translations")
        if not isinstance(translations, list) or not all(isinstance(item, dict) for item in translations):
            raise self._malformed()
        return self._texts([item.get("text") for item in translations], sent=len(texts))


def machine_translator() -> BaseMachineTranslator | None:
    """The configured provider, or None when there is none (the default)."""
    return get_machine_translator()


def _untranslated(translation: Translation) -> dict[StringValue, list[tuple[int, int]]]:
    """The source's texts with no translation in the target locale yet: {text: [(string id, context id)]}."""
    done = set(
        StringTranslation.objects.filter(
            locale_id=translation.target_locale_id, context__object_id=translation.source.object_id,
        ).values_list("translation_of_id", "context_id")
    )
    pending = defaultdict(list)
    segments = translation.source.stringsegment_set.select_related("string").order_by("order")
    for segment in segments:
        if (segment.string_id, segment.context_id) not in done:
            # One request per distinct text: the same words in two places are translated once.
            pending[segment.string.as_value()].append((segment.string_id, segment.context_id))
    return pending


def machine_draft(*, translation: Translation, user) -> int:
    """Draft the texts of ``translation`` that nobody has translated yet; return how many were drafted.

    Preconditions: the caller has checked that ``user`` may edit the translation's target.
    Existing translations, a person's or an earlier draft, are never overwritten. The provider
    is asked before any write, outside the transaction, so a failure leaves nothing half-saved.
    Raises MachineTranslationError when no provider is configured, the provider cannot do this
    language pair, or it fails.
    """
    translator = machine_translator()
    if translator is None:
        raise MachineTranslationError(_("No machine translation provider is configured."), reason="not_configured")
    provider = translator.display_name
    source_locale, target_locale = translation.source.locale, translation.target_locale
    problem = getattr(translator, "configuration_problem", lambda: None)()
    if problem:
        raise MachineTranslationError(problem, reason="not_configured", provider=provider)
    if not translator.can_translate(source_locale, target_locale):
        raise MachineTranslationError(
            _("%(provider)s cannot translate from %(source)s to %(target)s.")
            % {"provider": provider, "source": source_locale.get_display_name(),
               "target": target_locale.get_display_name()},
            reason="unsupported", provider=provider,
        )

    pending = _untranslated(translation)
    if not pending:
        return 0
    try:
        drafts = translator.translate(source_locale, target_locale, list(pending))
    except MachineTranslationError:
        raise
    except Exception as error:
        # A provider class from settings other than ours (wagtail-localize's own, say): whatever it
        # raises, the editor gets a message instead of a server error; the details go to the log.
        logger.exception("machine translation with %s failed", provider)
        raise MachineTranslationError(
            _("%(provider)s could not translate the text. Try again later or translate by hand.")
            % {"provider": provider},
            reason="unknown", provider=provider,
        ) from error

    usable = {string: draft for string, draft in drafts.items() if draft is not None and draft.data is not None}
    if not usable:
        raise MachineTranslationError(
            _("%(provider)s sent an answer that could not be used.") % {"provider": provider},
            reason="malformed", provider=provider,
        )
    drafted = 0
    with transaction.atomic():
        for string, places in pending.items():
            draft = usable.get(string)
            if draft is None:
                continue
            for string_id, context_id in places:
                # get_or_create: a person may have saved this text while the provider was working.
                _row, created = StringTranslation.objects.get_or_create(
                    translation_of_id=string_id, locale_id=translation.target_locale_id, context_id=context_id,
                    defaults={
                        "data": draft.data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                        "tool_name": provider,
                        "last_translated_by": user,
                        "has_error": False,
                        "field_error": "",
                    },
                )
                drafted += created
    return drafted


def machine_strings(*, translation: Translation) -> QuerySet[StringTranslation]:
    """The machine-drafted texts of ``translation`` that no person has reviewed yet.

    A draft stops being one only through a person: saving a text in wagtail-localize's editor
    (views.edit_translation.edit_string_translation, PUT) rewrites the row with
    translation_type="manual" and an empty tool_name, even when the text is unchanged; a PO file
    upload (Translation.import_po) also writes "manual". Deleting it there removes the row.
    """
    segment = StringSegment.objects.filter(
        source_id=translation.source_id, string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id"),
    )
    return StringTranslation.objects.filter(
        locale_id=translation.target_locale_id, translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).filter(Exists(segment))

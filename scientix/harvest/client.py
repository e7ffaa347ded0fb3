"""Talking OAI-PMH to other servers: Sickle, made patient with the network and strict with the XML.

Sickle follows resumption tokens and turns OAI error codes into exceptions;
what it leaves to us:

- it retries only HTTP 503, never a reset connection or a timeout. Here each
  HTTP request is retried with exponential back-off. The iterator asks again
  for the same resumption token, so a retry resumes where it was instead of
  starting the list over;
- its parser recovers from broken XML silently (a truncated page would look
  like a short list) and keeps DTDs. Here a response must be well-formed,
  must not declare a DTD (entity bombs, external entities), may not be
  larger than a bound, and must be an OAI-PMH 2.0 document;
- its Record class reads the metadata eagerly and fails on a record without
  a header or metadata; ours keeps the elements and lets the harvester
  reject such a record with a reason.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests
from django.conf import settings
from lxml import etree
from sickle import Sickle
from sickle.iterator import OAIItemIterator
from sickle.response import OAIResponse

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI = "{%s}" % OAI_NS
RETRY_STATUSES = {429, 500, 502, 503, 504}
USER_AGENT = "Scientix-harvester/1.0 (OAI-PMH 2.0)"
# No entities, no DTD loading, no network, no recovering from broken markup.
PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False, remove_blank_text=True,
)


class HarvestError(Exception):
    """The source cannot be harvested (now); the message is what staff see in the run's report."""


def internal_address(url: str) -> str | None:
    """The first address ``url``'s host resolves to that is not on the public internet, else None.

    A harvest source is typed in by staff and fetched by the server: without this, a base URL could
    make the portal read its own network (the database, a cloud metadata service at 169.254.169.254).
    Raises ``socket.gaierror`` when the host does not resolve. ``HARVEST_ALLOW_PRIVATE_ADDRESSES``
    turns the check off (the tests harvest servers on 127.0.0.1; an intranet repository).
    """
    if settings.HARVEST_ALLOW_PRIVATE_ADDRESSES:
        return None
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for *_rest, sockaddr in socket.getaddrinfo(parts.hostname or "", port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if not address.is_global:
            return str(address)
    return None


class StrictResponse(OAIResponse):
    """An OAI-PMH response parsed once, strictly."""

    def __init__(self, http_response, params):
        super().__init__(http_response, params)
        self._xml = _parse(http_response.content, where=http_response.url)

    @property
    def xml(self):
        return self._xml


def _parse(content: bytes, *, where: str):
    try:
        root = etree.fromstring(content, parser=PARSER)
    except etree.XMLSyntaxError as error:
        raise HarvestError(f"the answer from {where} is not well-formed XML: {error}") from error
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise HarvestError(f"refused the answer from {where}: it declares a DTD (entities or external references)")
    if root.tag != f"{OAI}OAI-PMH":
        raise HarvestError(f"the answer from {where} is not an OAI-PMH 2.0 response (its root element is {root.tag})")
    return root


class RawRecord:
    """A ``<record>`` whose parts are looked at only when the harvester asks (see the module docstring)."""

    def __init__(self, element):
        self.xml = element
        header = element.find(f"{OAI}header")
        self.header = header
        self.identifier = _text(header, "identifier")
        self.datestamp = _text(header, "datestamp")
        self.deleted = header is not None and header.get("status") == "deleted"
        metadata = element.find(f"{OAI}metadata")
        children = [child for child in metadata if isinstance(child.tag, str)] if metadata is not None else []
        self.metadata = children[0] if children else None


def _text(parent, name: str) -> str:
    found = parent.find(f"{OAI}{name}") if parent is not None else None
    return (found.text or "").strip() if found is not None else ""


class HarvestClient(Sickle):
    """Sickle with retries on network errors, timeouts, a size bound and strict parsing.

    ``on_request`` is told about each attempt (for tests and progress);
    ``sleep`` is what waits between attempts.
    """

    def __init__(self, endpoint: str, *, timeout: float = 30, retries: int = 4, backoff: float = 2.0,
                 max_delay: float = 300, max_bytes: int = 50 * 1024 * 1024,
                 sleep: Callable[[float], None] = time.sleep):
        super().__init__(endpoint, max_retries=0, class_mapping={"ListRecords": RawRecord})
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.max_delay, self.max_bytes, self.sleep = max_delay, max_bytes, sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests_made = 0

    def harvest(self, **params) -> StrictResponse:
        """One OAI-PMH request, retried with exponential back-off on network errors and busy servers."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._get(params)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
                if last:
                    raise HarvestError(f"{self.endpoint} could not be reached after {attempt + 1} attempts: "
                                       f"{_short(error)}") from error
                self.sleep(self._delay(attempt))
                continue
            if response.status_code in RETRY_STATUSES and not last:
                self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            if response.status_code >= 400:
                raise HarvestError(f"{self.endpoint} answered HTTP {response.status_code} {response.reason}"
                                   + (f" after {attempt + 1} attempts" if attempt else ""))
            return StrictResponse(response, params)
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _get(self, params: dict) -> requests.Response:
        self.requests_made += 1
        # Checked again before every request: the name may resolve elsewhere now than when the source was saved.
        try:
            internal = internal_address(self.endpoint)
        except socket.gaierror as error:
            raise requests.ConnectionError(f"{urlsplit(self.endpoint).hostname} does not resolve: {error}") from error
        if internal:
            raise HarvestError(f"{self.endpoint} resolves to an internal address ({internal}): not harvested")
        response = self.session.get(self.endpoint, params=params, timeout=self.timeout, stream=True)
        body, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                response.close()
                limit = self.max_bytes // (1024 * 1024)
                raise HarvestError(f"{self.endpoint} sent more than {limit} MB in one response")
            body.append(chunk)
        response._content = b"".join(body)
        return response

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait: what the server asked for (Retry-After) if it did, else back-off doubling each time."""
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.max_delay)
        return min(self.backoff * 2**attempt, self.max_delay)

    def granularity(self) -> str:
        """The datestamp granularity the repository announces in Identify (day granularity if it does not say)."""
        root = self.harvest(verb="Identify").xml
        error = root.find(f"{OAI}error")
        if error is not None:
            code, text = error.get("code", "an error"), (error.text or "").strip()
            raise HarvestError(f"Identify: the server answered {code}: {text}")
        granularity = root.findtext(f"{OAI}Identify/{OAI}granularity", default="").strip()
        return SECONDS if granularity == SECONDS else DAY

    def list_records(self, **params) -> OAIItemIterator:
        return self.ListRecords(ignore_deleted=False, **params)


def _short(error: Exception) -> str:
    return str(error)[:300] or error.__class__.__name__


# --- Datestamps ---------------------------------------------------------------

DAY, SECONDS = "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ"


def datestamp_parse(text: str) -> datetime:
    """An OAI datestamp (``2011-01-10`` or ``2011-01-10T10:19:23Z``, fractions tolerated) in UTC."""
    text = text.strip()
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ValueError(f"'{text[:40]}' is not an OAI-PMH datestamp")


def datestamp_format(moment: datetime, *, granularity: str) -> str:
    """``from=`` at the granularity the repository announced: a day-only server refuses seconds (badArgument)."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if granularity == SECONDS else moment.strftime("%Y-%m-%d")

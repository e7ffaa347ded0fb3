"""The OAI-PMH 2.0 protocol without the database: arguments, errors, dates, identifiers, resumption tokens.

Everything a harvester sends is checked here, before any query: an argument
that is missing, unknown, repeated, too long or malformed is a ``badArgument``
(or ``badVerb``) with the reason, never a guess and never a 500.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing

# --- Errors -------------------------------------------------------------------


class OaiError(Exception):
    """One of the error conditions of OAI-PMH 2.0 section 3.6 (code as in the spec)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def bad_argument(message: str) -> OaiError:
    return OaiError("badArgument", message)


# --- XML-safe text ------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF).
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text) -> str:
    """``text`` without the characters XML 1.0 forbids (they come from imports and hostile requests)."""
    return NOT_XML.sub("", str(text))


def quoted(value: str, limit: int = 80) -> str:
    """A harvester's value, shortened and made XML-safe, to quote in an error message."""
    value = xml_safe(value)
    return repr(value if len(value) <= limit else value[:limit] + "…")


# --- Verbs and their arguments -----------------------------------------------


@dataclass(frozen=True)
class VerbArguments:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()  # allowed only alone (resumptionToken)


LIST_ARGUMENTS = VerbArguments(required=("metadataPrefix",), optional=("from", "until", "set"),
                               exclusive=("resumptionToken",))
VERBS = {
    "Identify": VerbArguments(),
    "ListMetadataFormats": VerbArguments(optional=("identifier",)),
    "ListSets": VerbArguments(exclusive=("resumptionToken",)),
    "GetRecord": VerbArguments(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": LIST_ARGUMENTS,
    "ListRecords": LIST_ARGUMENTS,
}
MAX_ARGUMENT_LENGTH = 2000  # a token is ~200 characters, an identifier ~70
# The patterns of OAI-PMH.xsd (metadataPrefixType, setSpecType): anything else could not be echoed validly.
PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
URI_CHARACTERS = re.compile(r"^[^\s\x00-\x1f\x7f<>\"{}|\\^`]+$")


@dataclass
class OaiRequest:
    verb: str
    arguments: dict[str, str] = field(default_factory=dict)  # as sent, for the echo in <request>
    start: datetime | None = None  # from, inclusive
    end: datetime | None = None  # until, inclusive, to the second

    def get(self, name: str) -> str | None:
        return self.arguments.get(name)


def request_parse(params) -> OaiRequest:
    """Check a GET or POST QueryDict against the verb's arguments; raise the first ``OaiError`` found."""
    verbs = params.getlist("verb")
    if not verbs:
        raise OaiError("badVerb", "The verb argument is missing.")
    if len(verbs) > 1:
        raise OaiError("badVerb", "The verb argument is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"{quoted(verb)} is not an OAI-PMH verb; use one of {', '.join(VERBS)}.")
    allowed = VERBS[verb]
    arguments = {}
    for name in params:
        if name == "verb":
            continue
        if name not in (*allowed.required, *allowed.optional, *allowed.exclusive):
            raise bad_argument(f"{quoted(name)} is not an argument of {verb}.")
        values = params.getlist(name)
        if len(values) > 1:
            raise bad_argument(f"The argument {name} is repeated.")
        value = values[0]
        if not value:
            raise bad_argument(f"The argument {name} is empty.")
        if len(value) > MAX_ARGUMENT_LENGTH:
            raise bad_argument(f"The argument {name} is longer than {MAX_ARGUMENT_LENGTH} characters.")
        arguments[name] = value
    exclusive = [name for name in allowed.exclusive if name in arguments]
    if exclusive and len(arguments) > 1:
        raise bad_argument(f"{exclusive[0]} is exclusive: send it with the verb only.")
    if not exclusive:
        missing = [name for name in allowed.required if name not in arguments]
        if missing:
            raise bad_argument(f"{verb} needs the argument {missing[0]}.")
    request = OaiRequest(verb=verb, arguments=arguments)
    _check_values(request)
    return request


def _check_values(request: OaiRequest) -> None:
    arguments = request.arguments
    if "metadataPrefix" in arguments and not PREFIX.match(arguments["metadataPrefix"]):
        raise bad_argument(f"metadataPrefix {quoted(arguments['metadataPrefix'])} is not a legal metadata prefix.")
    if "set" in arguments and not SET_SPEC.match(arguments["set"]):
        raise bad_argument(f"set {quoted(arguments['set'])} is not a legal setSpec.")
    if "identifier" in arguments and not URI_CHARACTERS.match(arguments["identifier"]):
        raise bad_argument(f"identifier {quoted(arguments['identifier'])} is not a URI.")
    if "resumptionToken" in arguments and NOT_XML.search(arguments["resumptionToken"]):
        raise OaiError("badResumptionToken", "The resumption token is not one this repository issued.")
    start = date_parse(arguments["from"], "from", end=False) if "from" in arguments else None
    end = date_parse(arguments["until"], "until", end=True) if "until" in arguments else None
    if start and end:
        if len(arguments["from"]) != len(arguments["until"]):
            raise bad_argument("from and until must have the same granularity.")
        if start > end:
            raise bad_argument("from is later than until.")
    request.start, request.end = start, end


def date_parse(value: str, name: str, *, end: bool) -> datetime:
    """A UTC datestamp at day or second granularity; a day ``until`` runs to the day's last second."""
    try:
        if DAY.match(value):
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return day.replace(hour=23, minute=59, second=59) if end else day
        if SECOND.match(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        pass
    raise bad_argument(f"{name} {quoted(value)} is not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC).")


def datestamp(moment: datetime) -> str:
    """YYYY-MM-DDThh:mm:ssZ in UTC, the granularity announced in Identify."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Identifiers --------------------------------------------------------------

LOCAL = re.compile(r"^(?P<kind>[a-z]+)/(?P<key>[0-9a-fA-F-]{32,36})$")


def repository_identifier() -> str:
    return settings.OAI_REPOSITORY_IDENTIFIER


def oai_identifier(kind: str, translation_key) -> str:
    """oai:scientix.eu:resource/<translation_key>: the oai-identifier scheme, one per item (all its languages)."""
    return f"oai:{repository_identifier()}:{kind}/{translation_key}"


def identifier_parse(identifier: str) -> tuple[str, uuid.UUID] | None:
    prefix = f"oai:{repository_identifier()}:"
    if not identifier.startswith(prefix):
        return None
    match = LOCAL.match(identifier[len(prefix):])
    if not match:
        return None
    try:
        key = uuid.UUID(match["key"])
    except ValueError:
        return None
    return match["kind"], key


# --- Resumption tokens --------------------------------------------------------

TOKEN_SALT = "scientix.oai.resumption"


@dataclass
class ListState:
    """What a list request asks for and where the next page starts."""

    verb: str
    prefix: str
    start: datetime | None
    end: datetime | None
    set_spec: str | None
    position: tuple[datetime, int] | None = None  # last (datestamp, id) already sent
    cursor: int = 0  # how many records were sent before this page


def token_issue(state: ListState, *, now: float | None = None) -> tuple[str, datetime]:
    """A signed, stateless token for the page after ``state.position``; with its expiry.

    Stateless: nothing to store or clean up, and tokens survive restarts and
    work on every server. Signed: a harvester can read but not change it.
    The keyset position (datestamp, id) keeps paging stable while records change.
    """
    now = time.time() if now is None else now
    expires = int(now + settings.OAI_TOKEN_LIFETIME * 3600)
    payload = {
        "v": state.verb, "m": state.prefix, "s": state.set_spec,
        "f": _epoch(state.start), "u": _epoch(state.end),
        "d": _epoch(state.position[0]), "i": state.position[1], "c": state.cursor, "x": expires,
    }
    token = signing.dumps(payload, salt=TOKEN_SALT, compress=True)
    return token, datetime.fromtimestamp(expires, UTC)


def token_read(token: str, *, verb: str, now: float | None = None) -> ListState:
    """The state in a token; ``badResumptionToken`` if it was tampered with, has expired or is for another verb."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        expires, token_verb = int(payload["x"]), payload["v"]
        state = ListState(
            verb=token_verb, prefix=str(payload["m"]), set_spec=payload["s"],
            start=_moment(payload["f"]), end=_moment(payload["u"]),
            position=(_moment(payload["d"]), int(payload["i"])), cursor=int(payload["c"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        raise OaiError("badResumptionToken", "The resumption token is not one this repository issued.") from None
    if (time.time() if now is None else now) > expires:
        raise OaiError("badResumptionToken", "The resumption token has expired; start the list again.")
    if token_verb != verb:
        raise OaiError("badResumptionToken", f"The resumption token belongs to {token_verb}, not {verb}.")
    return state


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _moment(value) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)

"""Facet bitmaps: filtering, counting and sorting items without asking the database.

Counting facets means looking at every matching item; with 100,000 documents a
filter such as "licence = CC BY" matches a third of them, and reading those rows
back from SQLite or PostgreSQL costs hundreds of milliseconds. So each process
keeps, per facet value, the set of items that carry it as a bitmap (a Python int,
one bit per item: 100,000 items = 12.5 kB), plus each item's position in the
"newest", "title" and "rating" orders. Filters are ANDs and ORs of bitmaps,
counts are popcounts, a page of results is the first items of an order.

The database stays the truth: every write to the index stores a new random
token in ``SearchState`` (same transaction), and a process whose snapshot was
built under another token rebuilds it before answering. A rolled-back write
rolls the token back with it, and tokens never repeat, so a snapshot can never
be mistaken for current.
"""

import heapq
import threading
from array import array
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from scientix.search.models import SearchDocument, SearchState

_lock = threading.Lock()
_current = None


def bitmap(indexes) -> int:
    """The bitmap with the given bits set."""
    indexes = list(indexes)
    if not indexes:
        return 0
    buffer = bytearray((max(indexes) >> 3) + 1)
    for index in indexes:
        buffer[index >> 3] |= 1 << (index & 7)
    return int.from_bytes(buffer, "little")


_BITS_OF_BYTE = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def members(bits: int) -> list[int]:
    """The indexes of the set bits, ascending."""
    found = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    bits_of = _BITS_OF_BYTE
    for offset, byte in enumerate(data):
        if byte:
            base = offset << 3
            found += [base + bit for bit in bits_of[byte]]
    return found


def first_in_order(bits: int, order: list[int], limit: int) -> list[int]:
    """The first ``limit`` items of ``order`` that are in ``bits``: quick when many items are in it."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    size = len(data)
    found = []
    for item in order:
        index = item >> 3
        if index < size and data[index] >> (item & 7) & 1:
            found.append(item)
            if len(found) == limit:
                break
    return found


def _any(bitmaps) -> int:
    result = 0
    for bits in bitmaps:
        result |= bits
    return result


@dataclass
class Snapshot:
    token: str | None
    day: date
    keys: list = field(default_factory=list)  # item -> translation key
    versions: list = field(default_factory=list)  # item -> [(language, document id), ...] in indexing order
    item_of: dict = field(default_factory=dict)  # document id -> item
    language_of: dict = field(default_factory=dict)  # document id -> language
    object_of: dict = field(default_factory=dict)  # document id -> page id
    tokens: dict = field(default_factory=dict)  # "_subject=physics" -> bitmap of items
    languages: dict = field(default_factory=dict)  # language -> bitmap of items with a version in it
    statuses: dict = field(default_factory=dict)  # planned/active/finished -> bitmap (today's)
    everything: int = 0
    newest: array = field(default_factory=lambda: array("l"))  # item -> position in that order
    title: array = field(default_factory=lambda: array("l"))
    rating: array = field(default_factory=lambda: array("l"))
    orders: dict = field(default_factory=dict)  # "newest"/"title"/"rating" -> items in that order

    # Reads ---------------------------------------------------------------------

    def token_bits(self, name: str, code: str) -> int:
        if name == "language":
            return self.languages.get(code, 0)
        if name == "status":
            return self.statuses.get(code, 0)
        return self.tokens.get(f"_{name}={code}", 0)

    def filtered(self, *, kinds: list[str], filters: dict[str, list[str]]) -> int:
        """Items of the kinds (all if none) with, for every facet, one of its codes."""
        matched = self.everything
        if kinds:
            matched &= _any(self.token_bits("type", kind) for kind in kinds)
        for name, codes in filters.items():
            if codes:
                matched &= _any(self.token_bits(name, code) for code in codes)
        return matched

    def counts(self, matched: int, name: str) -> dict[str, int]:
        if name == "language":
            candidates = self.languages
        elif name == "status":
            candidates = self.statuses
        else:
            prefix = f"_{name}="
            candidates = {token[len(prefix):]: bits for token, bits in self.tokens.items() if token.startswith(prefix)}
        return {code: count for code, bits in candidates.items() if (count := (matched & bits).bit_count())}

    def page_of(self, matched: int, count: int, *, sort: str, scores: dict[int, float] | None,
                limit: int | None) -> list[int]:
        """The matched items in the order asked for; only the first ``limit`` when given.

        When a good share of all items match, walking the precomputed order finds
        the first ones at once; otherwise the (few) matched items are sorted.
        """
        if scores is not None and sort == "relevance" and len(scores) < count:
            # Items matched without a score (through a subject) follow the scored ones, newest first.
            first = self.ordered(list(scores), sort=sort, scores=scores, limit=limit)
            if limit is not None and len(first) >= limit:
                return first
            rest = matched & ~bitmap(scores)
            more = None if limit is None else limit - len(first)
            return first + self.page_of(rest, count - len(scores), sort="newest", scores=None, limit=more)
        if scores is None and limit is not None and count * 20 >= len(self.keys):
            return first_in_order(matched, self.orders.get(sort, self.orders["newest"]), limit)
        items = list(scores) if scores is not None and len(scores) == count else members(matched)
        return self.ordered(items, sort=sort, scores=scores, limit=limit)

    def ordered(self, items: list[int], *, sort: str, scores: dict[int, float] | None, limit: int | None) -> list[int]:
        """``items`` in the order asked for; only the first ``limit`` when given (a heap, not a full sort)."""
        newest = self.newest
        if sort == "relevance" and scores is not None:
            key = lambda item: (-scores.get(item, 0.0), newest[item])  # noqa: E731
        else:
            order = {"title": self.title, "rating": self.rating}.get(sort, newest)
            key = order.__getitem__
        if limit is not None and limit < len(items):
            return heapq.nsmallest(limit, items, key=key)
        return sorted(items, key=key)


def current() -> Snapshot:
    """The snapshot for the database's current index state, rebuilt if the index changed."""
    global _current
    token = SearchState.objects.filter(pk=1).values_list("token", flat=True).first()
    snapshot = _current
    if snapshot is not None and snapshot.token == token and snapshot.day == date.today():
        return snapshot
    with _lock:
        snapshot = build(token)
        _current = snapshot
    return snapshot


def forget() -> None:
    global _current
    _current = None


def build(token: str | None) -> Snapshot:
    today = date.today()
    snapshot = Snapshot(token=token, day=today)
    index_of: dict = {}
    token_items: dict[str, list[int]] = {}
    language_items: dict[str, list[int]] = {}
    status_items: dict[str, list[int]] = {"planned": [], "active": [], "finished": []}
    published, titles, ratings = [], [], []
    columns = ("id", "object_id", "translation_key", "language", "facet_terms", "published_at", "starts_on", "ends_on",
               "rating", "sort_title")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {SearchDocument._meta.db_table} ORDER BY id")
        rows = cursor.fetchall()
    for doc_id, object_id, key, language, facet_terms, published_at, starts_on, ends_on, rating, sort_title in rows:
        item = index_of.get(key)
        if item is None:
            item = index_of[key] = len(snapshot.keys)
            snapshot.keys.append(key)
            snapshot.versions.append([])
            published.append(published_at)
            titles.append(sort_title)
            ratings.append(rating)
            for token in facet_terms.split():
                if not token.startswith("_language="):
                    token_items.setdefault(token, []).append(item)
            status = _status(starts_on, ends_on, today)
            if status:
                status_items[status].append(item)
        snapshot.versions[item].append((language, doc_id))
        snapshot.item_of[doc_id] = item
        snapshot.language_of[doc_id] = language
        snapshot.object_of[doc_id] = object_id
        language_items.setdefault(language, []).append(item)
    count = len(snapshot.keys)
    snapshot.everything = (1 << count) - 1
    snapshot.tokens = {token: bitmap(items) for token, items in token_items.items()}
    snapshot.languages = {language: bitmap(items) for language, items in language_items.items()}
    snapshot.statuses = {status: bitmap(items) for status, items in status_items.items() if items}
    # Newest first (undated last, later-indexed first among equals), titles A-Z, best rated first.
    by_newest = sorted(range(count), key=lambda i: (published[i] is not None, published[i] or "", i), reverse=True)
    snapshot.newest = _positions(by_newest)
    by_title = sorted(range(count), key=lambda i: (titles[i] or "", snapshot.newest[i]))
    by_rating = sorted(range(count), key=lambda i: (ratings[i] is None, -(ratings[i] or 0), snapshot.newest[i]))
    snapshot.title, snapshot.rating = _positions(by_title), _positions(by_rating)
    snapshot.orders = {"newest": by_newest, "title": by_title, "rating": by_rating}
    return snapshot


def _positions(order: list[int]) -> array:
    positions = array("l", bytes(len(order) * array("l").itemsize))
    for position, item in enumerate(order):
        positions[item] = position
    return positions


def _status(starts_on, ends_on, today: date) -> str | None:
    if starts_on is None and ends_on is None:
        return None
    starts_on, ends_on = _as_date(starts_on), _as_date(ends_on)
    if ends_on is not None and ends_on < today:
        return "finished"
    if starts_on is not None and starts_on > today:
        return "planned"
    return "active"


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value

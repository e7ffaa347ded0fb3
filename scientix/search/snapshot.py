"""Facet bitmaps: filtering, counting and sorting items without asking the database.

Counting facets means looking at every matching item; with 100,000 documents a
filter such as "licence = CC BY" matches a third of them, and reading those rows
back from SQLite or PostgreSQL costs hundreds of milliseconds. So each process
keeps, per facet value, the set of items that carry it as a bitmap (a Python int,
one bit per item: 100,000 items = 12.5 kB), plus each item's position in the
"newest", "title" and "rating" orders. Filters are ANDs and ORs of bitmaps,
counts are popcounts, a page of results is the first items of an order.

The database stays the truth: every write to the index stores a new random
token in ``SearchState`` and lists the items it touched in ``SearchChange``
(same transaction, each change naming the token it replaced). A process whose
snapshot carries another token replays the changes since its own, if they
chain from its token to the current one, re-reading only those items; else
(a rollback, a bulk load, a gap) it rebuilds from scratch. Tokens never
repeat, so a snapshot can never be mistaken for current.
"""

import bisect
import copy
import heapq
import threading
from array import array
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from scientix.search.models import SearchChange, SearchDocument, SearchState

MAX_REPLAY = 500  # changes replayed one by one; more, and a rebuild is as quick
COLUMNS = ("id", "object_id", "translation_key", "language", "facet_terms", "published_at", "starts_on", "ends_on",
           "rating", "sort_title")

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


def first_in_order(bits: int, order, limit: int) -> list[int]:
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
    everything: int = 0  # items indexed now
    newest: array = field(default_factory=lambda: array("l"))  # item -> position in that order
    title: array = field(default_factory=lambda: array("l"))
    rating: array = field(default_factory=lambda: array("l"))
    start: array = field(default_factory=lambda: array("l"))
    orders: dict = field(default_factory=dict)  # "newest"/"title"/"rating"/"start" -> items ascending by sort_key()
    index_of: dict = field(default_factory=dict)  # translation key -> item
    published: list = field(default_factory=list)  # item -> its sort values and facet tokens
    titles: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    starts: list = field(default_factory=list)  # item -> start date (events, projects) or None
    item_tokens: list = field(default_factory=list)
    item_status: list = field(default_factory=list)
    last_change: int = 0  # SearchChange id this snapshot includes
    replays: int = 0  # changes replayed since it was built

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
            return first_in_order(matched, self.walk(sort), limit)
        items = list(scores) if scores is not None and len(scores) == count else members(matched)
        return self.ordered(items, sort=sort, scores=scores, limit=limit)

    def walk(self, sort: str):
        """Every item, in the display order of ``sort`` (newest is kept oldest-first)."""
        if sort in ("title", "rating", "start"):
            return self.orders[sort]
        return reversed(self.orders["newest"])

    def sort_key(self, sort: str):
        if sort == "newest":
            return lambda i: (self.published[i] is not None, self.published[i] or "", i)
        if sort == "title":
            return lambda i: (self.titles[i] or "", i)
        if sort == "start":  # soonest first; items without a start date last
            return lambda i: (self.starts[i] is None, self.starts[i] or date.min, i)
        return lambda i: (self.ratings[i] is None, -(self.ratings[i] or 0), -i)

    # Changes -------------------------------------------------------------------

    def replayed(self, keys: list, rows: list[tuple], *, token: str, last_change: int) -> "Snapshot":
        """A copy with the items of ``keys`` re-read from ``rows`` (their documents now)."""
        new = copy.copy(self)
        for name in ("keys", "versions", "published", "titles", "ratings", "starts", "item_tokens", "item_status"):
            setattr(new, name, list(getattr(self, name)))
        for name in ("index_of", "item_of", "language_of", "object_of", "tokens", "languages", "statuses"):
            setattr(new, name, dict(getattr(self, name)))
        new.orders = {name: list(order) for name, order in self.orders.items()}
        by_key: dict = {}
        for row in rows:
            by_key.setdefault(row[2], []).append(row)
        for key in keys:
            new._item_replace(key, by_key.get(key, []))
        new._positions_compute()
        new.token, new.last_change, new.replays = token, last_change, self.replays + 1
        return new

    def _item_replace(self, key, rows: list[tuple]) -> None:
        item = self.index_of.get(key)
        if item is not None and self.everything >> item & 1:
            keep = ~(1 << item)
            for token in self.item_tokens[item]:
                self.tokens[token] &= keep
            for language, document in self.versions[item]:
                self.languages[language] &= keep
                del self.item_of[document], self.language_of[document], self.object_of[document]
            if self.item_status[item]:
                self.statuses[self.item_status[item]] &= keep
            for name, order in self.orders.items():
                key_of = self.sort_key(name)
                del order[bisect.bisect_left(order, key_of(item), key=key_of)]
            self.everything &= keep
        if not rows:
            return
        if item is None:
            item = self.index_of[key] = len(self.keys)
            self.keys.append(key)
            for name in ("versions", "published", "titles", "ratings", "starts", "item_tokens", "item_status"):
                getattr(self, name).append(None)
        self.versions[item] = []  # a new list: the previous snapshot keeps its own
        _doc, _object, _key, _language, facet_terms, published_at, starts_on, ends_on, rating, sort_title = rows[0]
        bit = 1 << item
        self.item_tokens[item] = tuple(t for t in facet_terms.split() if not t.startswith("_language="))
        for token in self.item_tokens[item]:
            self.tokens[token] = self.tokens.get(token, 0) | bit
        for document, object_id, _key, language, *_rest in rows:
            self.versions[item].append((language, document))
            self.item_of[document], self.language_of[document], self.object_of[document] = item, language, object_id
            self.languages[language] = self.languages.get(language, 0) | bit
        self.item_status[item] = _status(starts_on, ends_on, self.day)
        if self.item_status[item]:
            self.statuses[self.item_status[item]] = self.statuses.get(self.item_status[item], 0) | bit
        self.published[item], self.titles[item], self.ratings[item] = published_at, sort_title, rating
        self.starts[item] = _as_date(starts_on)
        self.everything |= bit
        for name, order in self.orders.items():
            bisect.insort(order, item, key=self.sort_key(name))

    def _positions_compute(self) -> None:
        size = len(self.keys)
        self.newest = _positions(list(self.walk("newest")), size)
        self.title = _positions(self.orders["title"], size)
        self.rating = _positions(self.orders["rating"], size)
        self.start = _positions(self.orders["start"], size)

    def ordered(self, items: list[int], *, sort: str, scores: dict[int, float] | None, limit: int | None) -> list[int]:
        """``items`` in the order asked for; only the first ``limit`` when given (a heap, not a full sort)."""
        newest = self.newest
        if sort == "relevance" and scores is not None:
            key = lambda item: (-scores.get(item, 0.0), newest[item])  # noqa: E731
        else:
            order = {"title": self.title, "rating": self.rating, "start": self.start}.get(sort, newest)
            key = order.__getitem__
        if limit is not None and limit < len(items):
            return heapq.nsmallest(limit, items, key=key)
        return sorted(items, key=key)


def current() -> Snapshot:
    """The snapshot for the database's current index state: kept, brought up to date, or rebuilt."""
    global _current
    token = SearchState.objects.filter(pk=1).values_list("token", flat=True).first()
    snapshot = _current
    if snapshot is not None and snapshot.token == token and snapshot.day == date.today():
        return snapshot
    with _lock:
        updated = _replayed(snapshot, token) if snapshot is not None and snapshot.day == date.today() else None
        _current = updated or build(token)
        return _current


def _replayed(snapshot: Snapshot, token: str | None) -> Snapshot | None:
    """``snapshot`` brought to ``token`` by its changes, or None if they do not chain up to it."""
    table = SearchChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, token, previous, translation_key FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
                       [snapshot.last_change, MAX_REPLAY + 1])
        changes = cursor.fetchall()
    if not changes or len(changes) > MAX_REPLAY:
        return None
    reached = snapshot.token
    keys: dict = {}
    for _id, change_token, previous, key in changes:
        if change_token != reached:
            if previous != reached:
                return None  # a rolled-back or missing change: the chain is broken
            reached = change_token
        if key is None:
            return None  # a bulk change: rebuild
        keys[key] = None
    if reached != token:
        return None
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {SearchDocument._meta.db_table} "
                       f"WHERE translation_key IN ({placeholders}) ORDER BY id", list(keys))
        rows = cursor.fetchall()
    return snapshot.replayed(list(keys), rows, token=token, last_change=changes[-1][0])


def build(token: str | None) -> Snapshot:
    today = date.today()
    snapshot = Snapshot(token=token, day=today)
    index_of = snapshot.index_of
    token_items: dict[str, list[int]] = {}
    language_items: dict[str, list[int]] = {}
    status_items: dict[str, list[int]] = {"planned": [], "active": [], "finished": []}
    with connection.cursor() as cursor:
        # The last change first: one committed meanwhile is then replayed again, which is harmless.
        cursor.execute(f"SELECT MAX(id) FROM {SearchChange._meta.db_table}")
        snapshot.last_change = cursor.fetchone()[0] or 0
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {SearchDocument._meta.db_table} ORDER BY id")
        rows = cursor.fetchall()
    for doc_id, object_id, key, language, facet_terms, published_at, starts_on, ends_on, rating, sort_title in rows:
        item = index_of.get(key)
        if item is None:
            item = index_of[key] = len(snapshot.keys)
            snapshot.keys.append(key)
            snapshot.versions.append([])
            snapshot.published.append(published_at)
            snapshot.titles.append(sort_title)
            snapshot.ratings.append(rating)
            snapshot.starts.append(_as_date(starts_on))
            tokens = tuple(token for token in facet_terms.split() if not token.startswith("_language="))
            snapshot.item_tokens.append(tokens)
            for token in tokens:
                token_items.setdefault(token, []).append(item)
            status = _status(starts_on, ends_on, today)
            snapshot.item_status.append(status)
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
    # Kept ascending by sort_key(): newest is walked backwards (later-indexed first among equals).
    snapshot.orders = {name: sorted(range(count), key=snapshot.sort_key(name)) for name in ("newest", "title", "rating", "start")}
    snapshot._positions_compute()
    return snapshot


def _positions(order: list[int], size: int) -> array:
    """item -> its place in ``order`` (items not in it keep 0 and are never asked for)."""
    positions = array("l", bytes(size * array("l").itemsize))
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

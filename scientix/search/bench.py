"""The search benchmark (``make bench``): a seeded corpus, a fixed query mix, timings.

Why it is built this way:

* The corpus is ``registry.Document`` objects stored with
  ``services.documents_store``: the same analysis and indexing path a
  published page takes, without the page tree (100,000 Wagtail pages take
  half an hour to create and say nothing about search).
* Text is made of real words: each language's pool comes from 1,000 sentences of
  real web text (``../shared/data/multilingual-sentences-lingua``) and the
  vocabulary labels, so the stemmers, the accent folding and the term
  statistics see real language, not pseudo-words. Words are drawn with a Zipf
  law (rank by frequency in those texts), as in natural text: a few words are
  everywhere, most are rare.
* Everything derives from one seed, and each item from its own
  ``random.Random(f"...:{seed}:{item}")``: any document can be regenerated
  alone, which lets the command check a stored corpus cheaply and lets the
  query mix quote real titles without reading the database.
* "Layer" is ``selectors.search``, the path of the search page and the API.
  "Engine" replays exactly the SQL statements that call issued (captured
  once with ``connection.execute_wrapper``) on a bare cursor: the difference
  is what the layer costs on top of the database (parsing, collapsing
  language versions, facet counting, sorting, snippets).
"""

import bisect
import itertools
import json
import math
import random
import re
import resource
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import mean

from django.conf import settings
from django.db import connection

from scientix.search import analysis, registry, selectors

# Bump when the generator changes: a stored corpus made by another version is rebuilt.
GENERATOR = "bench-2"
LANGUAGES = ("en", "de", "fr", "es", "it", "pl", "pt", "nl", "el", "cs", "hu", "fi")
# English is the portal's main language; the big languages follow. Mild skew, as on the real site.
LANGUAGE_WEIGHTS = {"en": 3.0, "de": 1.5, "fr": 1.5, "es": 1.5, "it": 1.5}
# Share of items with one, two or three language versions (versions share a translation key,
# so the layer really has to collapse them).
VERSIONS = ((1, 0.7), (2, 0.2), (3, 0.1))
KINDS = ("one_word", "two_words", "phrase", "two_facets", "facet_counts")
QUERIES_PER_KIND = 20
FACETS = ["type", "language", "subject", "age_range", "licence", "resource_type", "education_level", "kind"]
RESOURCE_KINDS = ("teaching_material", "student_material", "report")
TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]*>|&\w+;")
VOCABULARY_DATA = Path(settings.BASE_DIR) / "scientix" / "vocabularies" / "data"


# --- Word pools -----------------------------------------------------------------


@dataclass
class Pool:
    """One language's real words, ranked for Zipf draws, its sentences and its subject labels."""

    language: str
    words: list[str]  # most frequent first
    cum_weights: list[float]  # Zipf 1/rank, cumulated (random.choices with cum_weights is a bisect)
    sentences: list[str]  # real sentences of three words or more
    subject_labels: dict[str, str]  # subject code -> label in this language
    # Words of three or more other languages too ("Scientix", "PDF", "Creative", "email"): names and
    # loanwords that match in every language at once, so no query word is drawn from them.
    shared: frozenset = frozenset()

    def zipf_words(self, rng, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=count)


def vocabulary(name: str) -> list[dict]:
    return json.loads((VOCABULARY_DATA / f"{name}.json").read_text(encoding="utf-8"))


# 1,000 sentences of general web text per language (Leipzig corpora, via lingua-py), read
# from the shared data sets beside the checkout, as the tests do: the licence of the
# sentences is for benchmarks and tests, so they are not copied into the project.
BENCH_TEXT = Path(settings.BASE_DIR).parent / "shared" / "data" / "multilingual-sentences-lingua"


def _texts(language: str) -> list[str]:
    """Real text of a language: its web sentences and the vocabulary labels (subjects named as people name them)."""
    path = BENCH_TEXT / f"{language}.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: make bench needs ../shared/data beside the checkout")
    texts = path.read_text(encoding="utf-8").splitlines()
    for file in sorted(VOCABULARY_DATA.glob("*.json")):
        for term in json.loads(file.read_text(encoding="utf-8")):
            texts.append(term.get("labels", {}).get(language, ""))
    return [" ".join(PLACEHOLDER.sub(" ", text).split()) for text in texts if text]


def pools(seed: int) -> dict[str, Pool]:
    """Word pools of the benchmark languages; ties in frequency are ordered by the seed."""
    subjects = vocabulary("subject")
    result = {}
    for language in LANGUAGES:
        texts = _texts(language)
        counts: Counter = Counter()
        forms: dict[str, Counter] = {}
        for text in texts:
            for word in analysis.words(text):
                if any(char.isdigit() for char in word):
                    continue
                key = word.casefold()
                counts[key] += 1
                forms.setdefault(key, Counter())[word] += 1
        keys = sorted(counts)
        random.Random(f"{GENERATOR}:{seed}:pool:{language}").shuffle(keys)
        keys.sort(key=lambda key: -counts[key])  # stable: the shuffle breaks ties
        words = [forms[key].most_common(1)[0][0] for key in keys]
        cum_weights = list(itertools.accumulate(1.0 / rank for rank in range(1, len(words) + 1)))
        sentences = [text for text in dict.fromkeys(texts) if len(analysis.words(text)) >= 3]
        labels = {term["code"]: term["labels"][language] for term in subjects if language in term["labels"]}
        result[language] = Pool(language, words, cum_weights, sentences, labels)
    seen_in = Counter(word.casefold() for pool in result.values() for word in set(pool.words))
    for pool in result.values():
        pool.shared = frozenset(word for word in pool.words if seen_in[word.casefold()] >= 4)
    return result


# --- Corpus ---------------------------------------------------------------------


def item_sizes(seed: int, documents: int) -> list[int]:
    """How many language versions each item has; they add up to ``documents``."""
    rng = random.Random(f"{GENERATOR}:{seed}:items")
    sizes, total = [], 0
    choices, weights = zip(*VERSIONS)
    while total < documents:
        size = min(rng.choices(choices, weights=weights)[0], documents - total)
        sizes.append(size)
        total += size
    return sizes


def _facets(rng, subjects: list[dict]) -> tuple[dict[str, list[str]], list[str]]:
    """Facets as ``registry.term_facets`` makes them (broader subjects included), plus the resource kind."""
    parents = {term["code"]: term.get("parent") for term in subjects}
    chosen = rng.sample([term["code"] for term in subjects], rng.randint(1, 3))
    subject_codes: list[str] = []
    for code in chosen:
        node = code
        while node:
            if node not in subject_codes:
                subject_codes.append(node)
            node = parents[node]
    ages = [term["code"] for term in vocabulary_cache("age_range")]
    first_age = rng.randrange(len(ages))
    age_codes = ages[first_age:first_age + rng.randint(1, 2)]
    licences = [term["code"] for term in vocabulary_cache("licence")]
    # Most open resources use CC BY; the rest spread over the other licences.
    licence = licences[0] if rng.random() < 0.4 else rng.choice(licences[1:])
    types = [term["code"] for term in vocabulary_cache("resource_type")]
    levels = [term["code"] for term in vocabulary_cache("education_level")]
    facets = {
        "subject": subject_codes,
        "age_range": age_codes,
        "licence": [licence],
        "resource_type": rng.sample(types, rng.randint(1, 2)),
        "education_level": [rng.choice(levels)],
        "kind": [rng.choice(RESOURCE_KINDS)],
    }
    return facets, chosen


_VOCABULARIES: dict[str, list[dict]] = {}


def vocabulary_cache(name: str) -> list[dict]:
    if name not in _VOCABULARIES:
        _VOCABULARIES[name] = vocabulary(name)
    return _VOCABULARIES[name]


def _sentence(words: list[str]) -> str:
    text = " ".join(words).rstrip(".!?:;, ")
    return text[:1].upper() + text[1:] + "."


def _title(rng, pool: Pool, label: str) -> str:
    """6-10 words, the subject's name among them (titles name their topic)."""
    label_words = label.split()
    others = pool.zipf_words(rng, max(1, rng.randint(6, 10) - len(label_words)))
    position = rng.randint(0, len(others))
    words = others[:position] + label_words + others[position:]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _body(rng, pool: Pool, labels: list[str]) -> str:
    """60-120 words: Zipf-drawn sentences and whole translated sentences, naming each subject once."""
    target = rng.randint(60, 120)
    sentences: list[list[str]] = []
    count = 0
    while count < target:
        if rng.random() < 0.25:
            words = pool.sentences[rng.randrange(len(pool.sentences))].split()
        else:
            words = pool.zipf_words(rng, rng.randint(5, 14))
        sentences.append(words)
        count += len(words)
    for label in labels:
        words = sentences[rng.randrange(len(sentences))]
        position = rng.randint(0, len(words))
        words[position:position] = label.split()
    return " ".join(_sentence(words) for words in sentences)


def item_documents(word_pools: dict[str, Pool], seed: int, item: int, first_id: int, size: int):
    """The ``size`` language versions of one item: shared key, facets, date and rating."""
    rng = random.Random(f"{GENERATOR}:{seed}:item:{item}")
    subjects = vocabulary_cache("subject")
    languages = []
    candidates = list(LANGUAGES)
    for _ in range(size):
        language = rng.choices(candidates, weights=[LANGUAGE_WEIGHTS.get(code, 1.0) for code in candidates])[0]
        candidates.remove(language)
        languages.append(language)
    key = uuid.UUID(int=rng.getrandbits(128), version=4)
    facets, chosen = _facets(rng, subjects)
    published_at = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(11 * 365 * 86400))
    rating = round(rng.uniform(1.0, 5.0), 2) if rng.random() < 0.4 else None
    documents = []
    for offset, language in enumerate(languages):
        pool = word_pools[language]
        labels = [pool.subject_labels[code] for code in chosen]
        object_id = first_id + offset
        documents.append(registry.Document(
            kind="resource", object_id=object_id, translation_key=key, language=language,
            title=_title(rng, pool, labels[0]), url=f"/{language}/resources/bench-{object_id}/",
            body=_body(rng, pool, labels[1:] if len(labels) > 1 else labels),
            facets={name: list(codes) for name, codes in facets.items()},
            published_at=published_at, rating=rating,
        ))
    return documents


def corpus(word_pools: dict[str, Pool], seed: int, documents: int):
    """Every document, object_id 1..documents, generated lazily (memory stays flat)."""
    object_id = 1
    for item, size in enumerate(item_sizes(seed, documents)):
        yield from item_documents(word_pools, seed, item, object_id, size)
        object_id += size


def document_at(word_pools: dict[str, Pool], seed: int, documents: int, object_id: int) -> registry.Document:
    """One document of the corpus, regenerated alone."""
    sizes = item_sizes(seed, documents)
    starts = list(itertools.accumulate([1] + sizes[:-1]))
    item = bisect.bisect_right(starts, object_id) - 1
    return item_documents(word_pools, seed, item, starts[item], sizes[item])[object_id - starts[item]]


def corpus_is_current(word_pools, seed: int, documents: int) -> bool:
    """Whether the stored resource documents are this seed's corpus of this size, analysed as today.

    Count, id range, and title, URL and index terms of the first, the last
    and 48 seeded documents: any other seed, size, generator version or word
    pool changes the titles, and a change to the analyser (stemming, folding)
    the terms.
    """
    from django.db.models import Max, Min

    from scientix.search import services
    from scientix.search.models import SearchDocument

    stored = SearchDocument.objects.filter(kind="resource")
    figures = stored.aggregate(low=Min("object_id"), high=Max("object_id"))
    if stored.count() != documents or figures["low"] != 1 or figures["high"] != documents:
        return False
    sizes = item_sizes(seed, documents)
    starts = list(itertools.accumulate([1] + sizes[:-1]))
    # The sample spans the languages (so the stemmers) in practice: 48 documents out of 12 languages.
    sample = random.Random(f"{GENERATOR}:{seed}:check").sample(range(1, documents + 1), min(documents, 48))
    for object_id in [1, documents, *sample]:
        item = bisect.bisect_right(starts, object_id) - 1
        versions = item_documents(word_pools, seed, item, starts[item], sizes[item])
        expected = services.document_row(versions[object_id - starts[item]])
        fields = ("title", "url", "title_terms", "body_terms", "facet_terms")
        row = stored.filter(object_id=object_id).values_list(*fields).first()
        if row != tuple(getattr(expected, name) for name in fields):
            return False
    return True


def engine_tidy() -> None:
    """What an operator does after a bulk load: merge FTS5 segments / vacuum, then fresh planner statistics."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
            cursor.execute("VACUUM ANALYZE search_searchdocument")


# --- Query mix ------------------------------------------------------------------


@dataclass
class BenchQuery:
    kind: str
    q: str
    language: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    page_size: int = 20

    def request(self) -> selectors.SearchRequest:
        return selectors.SearchRequest(q=self.q, language=self.language, kinds=["resource"], filters=self.filters,
                                       facets=list(FACETS), page_size=self.page_size)

    def label(self) -> str:
        filters = " ".join(f"{name}={','.join(codes)}" for name, codes in self.filters.items())
        return f"[{self.language}] {self.q!s} {filters}".strip()


def _topical_words(pool: Pool, low: int = 100, high: int = 3000) -> list[str]:
    """Words people type: rank ``low``-``high`` (frequent, not everywhere), five letters or more, own language.

    With the Zipf draw over a language's real vocabulary, rank 100 is in about one in
    ten of that language's documents and rank 3,000 in a few in a thousand; names shared by many languages are left out
    (``Pool.shared``) because they would match the whole corpus.
    """
    return [word for word in pool.words[low:high] if len(word) >= 5 and word not in pool.shared]


def query_mix(word_pools: dict[str, Pool], seed: int, documents: int) -> list[BenchQuery]:
    """QUERIES_PER_KIND queries of each kind, languages taken in turn, all drawn from the seed.

    one_word alternates a subject's name (which the layer also expands to the
    subject facet, across languages) and a frequent topical word; phrase takes
    two consecutive words of a real title of the corpus.
    """
    rng = random.Random(f"{GENERATOR}:{seed}:queries")
    subjects = [term["code"] for term in vocabulary_cache("subject")]
    licences = [term["code"] for term in vocabulary_cache("licence")]
    ages = [term["code"] for term in vocabulary_cache("age_range")]
    types = [term["code"] for term in vocabulary_cache("resource_type")]
    levels = [term["code"] for term in vocabulary_cache("education_level")]
    sizes = item_sizes(seed, documents)
    starts = list(itertools.accumulate([1] + sizes[:-1]))
    queries = []
    for index in range(QUERIES_PER_KIND):
        language = LANGUAGES[index % len(LANGUAGES)]
        pool = word_pools[language]
        topical = _topical_words(pool)
        # one word
        if (index + index // len(LANGUAGES)) % 2 == 0:  # each language gets both sorts over the mix
            one_word = [label for label in pool.subject_labels.values() if len(label.split()) == 1]
            word = rng.choice(one_word)
        else:
            word = rng.choice(topical)
        queries.append(BenchQuery("one_word", word, language))
        # two words
        first, second = rng.sample(topical, 2)
        queries.append(BenchQuery("two_words", f"{first} {second}", language))
        # phrase: a real title of this language
        while True:
            item = rng.randrange(len(sizes))
            versions = item_documents(word_pools, seed, item, starts[item], sizes[item])
            found = [document for document in versions if document.language == language]
            if found:
                break
        title_words = analysis.words(found[0].title)
        position = rng.randrange(len(title_words) - 1)
        queries.append(BenchQuery("phrase", f'"{title_words[position]} {title_words[position + 1]}"', language))
        # word + two facets
        pairs = [
            {"subject": [rng.choice(subjects)], "licence": [rng.choice(licences)]},
            {"age_range": [rng.choice(ages)], "language": [language]},
            {"resource_type": [rng.choice(types)], "education_level": [rng.choice(levels)]},
            {"subject": [rng.choice(subjects)], "kind": [rng.choice(RESOURCE_KINDS)]},
        ]
        queries.append(BenchQuery("two_facets", rng.choice(_topical_words(pool, 100, 1500)), language,
                                  filters=pairs[index % len(pairs)]))
        # facet counts only
        single = [
            {"language": [language]}, {"subject": [rng.choice(subjects)]}, {"age_range": [rng.choice(ages)]},
            {"licence": [rng.choice(licences)]},
        ]
        queries.append(BenchQuery("facet_counts", "", language, filters=single[index % len(single)], page_size=0))
    return queries


# --- Measurement ----------------------------------------------------------------


def capture_statements(request: selectors.SearchRequest):
    """Run the layer once and return its result and the (sql, params) of every statement it issued."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = selectors.search(request)
    return result, statements


def engine_run(statements) -> None:
    """The bare engine: the same statements on a plain cursor, every row fetched."""
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least p % of the samples at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def is_full_text(sql: str) -> bool:
    """Whether a captured statement asks the full-text engine (FTS5 MATCH or tsquery @@)."""
    return " MATCH " in sql or "@@" in sql


def measure(queries: list[BenchQuery], *, rounds: int, warmup: int = 3, log=None) -> dict:
    """Warm up, capture each query's statements, then time ``rounds`` passes of the mix, layer then engine per query.

    The very first search of the process is timed on its own (``cold_ms``):
    it pays what a process pays once, or after every write to the index
    (loading vocabularies, building in-process structures). Statements are
    captured on a warm pass, so one-time loads are not replayed as if every
    query made them. Layer and engine runs of a query follow each other, so
    both see the same state of the database's caches.
    """
    started = time.perf_counter()
    selectors.search(queries[0].request())
    cold_ms = (time.perf_counter() - started) * 1000
    for query in queries:
        selectors.search(query.request())
    statements, matches = [], []
    for query in queries:
        result, captured = capture_statements(query.request())
        statements.append(captured)
        matches.append(result.count)
    for _ in range(max(0, warmup - 2)):
        for query, captured in zip(queries, statements):
            selectors.search(query.request())
            engine_run(captured)
    layer = [[] for _ in queries]
    engine = [[] for _ in queries]
    for round_number in range(rounds):
        for index, (query, captured) in enumerate(zip(queries, statements)):
            request = query.request()
            started = time.perf_counter()
            selectors.search(request)
            layer[index].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            engine_run(captured)
            engine[index].append((time.perf_counter() - started) * 1000)
        if log:
            log(f"round {round_number + 1}/{rounds} done")
    return {"queries": queries, "statements": statements, "matches": matches, "layer": layer, "engine": engine,
            "cold_ms": cold_ms}


def peak_memory_mb() -> float:
    """Peak resident memory of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summary(measured: dict, *, documents: int, generation_s: float | None, seed: int, rounds: int) -> dict:
    """One object per query kind, the figures written to search.json."""
    memory = round(peak_memory_mb(), 1)
    figures = {}
    for kind in KINDS:
        indexes = [index for index, query in enumerate(measured["queries"]) if query.kind == kind]
        if not indexes:
            continue
        layer = [sample for index in indexes for sample in measured["layer"][index]]
        engine = [sample for index in indexes for sample in measured["engine"][index]]
        slowest = max(indexes, key=lambda index: sorted(measured["layer"][index])[len(measured["layer"][index]) // 2])
        p95, engine_p95 = percentile(layer, 95), percentile(engine, 95)
        figures[kind] = {
            "p50_ms": round(percentile(layer, 50), 2),
            "p95_ms": round(p95, 2),
            "p99_ms": round(percentile(layer, 99), 2),
            "engine_p50_ms": round(percentile(engine, 50), 2),
            "engine_p95_ms": round(engine_p95, 2),
            "engine_p99_ms": round(percentile(engine, 99), 2),
            "ratio": round(p95 / engine_p95, 2) if engine_p95 else None,
            "mean_matches": round(mean(measured["matches"][index] for index in indexes), 1),
            "max_matches": max(measured["matches"][index] for index in indexes),
            "statements": round(mean(len(measured["statements"][index]) for index in indexes), 2),
            "full_text_statements": round(mean(
                sum(is_full_text(sql) for sql, _params in measured["statements"][index]) for index in indexes), 2),
            "cold_first_query_ms": round(measured["cold_ms"], 1),
            "queries": len(indexes),
            "samples": len(layer),
            "documents": documents,
            "peak_memory_mb": memory,
            "generation_s": round(generation_s, 1) if generation_s is not None else None,
            "seed": seed,
            "rounds": rounds,
            "slowest_query": {
                "query": measured["queries"][slowest].label(),
                "p50_ms": round(percentile(measured["layer"][slowest], 50), 2),
                "engine_p50_ms": round(percentile(measured["engine"][slowest], 50), 2),
                "matches": measured["matches"][slowest],
            },
        }
    return figures


def query_lines(measured: dict) -> list[str]:
    """Per query: median layer and engine times and matches (for ``--verbosity 2``)."""
    lines = []
    for index, query in enumerate(measured["queries"]):
        lines.append(
            f"{query.kind:<13} {percentile(measured['layer'][index], 50):8.2f} "
            f"{percentile(measured['engine'][index], 50):8.2f} {measured['matches'][index]:8d}  {query.label()}")
    return lines


def table(results: dict) -> str:
    """The figures of every backend in search.json as a text table, with the targets checked."""
    header = (f"{'backend':<11} {'kind':<13} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'engine p95':>10} "
              f"{'ratio':>6} {'matches':>8} {'docs':>7} {'peak MB':>8}  target")
    lines = [header, "-" * len(header)]
    for backend in ("sqlite", "postgresql", *sorted(set(results) - {"sqlite", "postgresql"})):
        kinds = results.get(backend)
        if not kinds:
            continue
        for kind in KINDS:
            row = kinds.get(kind)
            if not row:
                continue
            misses = []
            if row["p95_ms"] > TARGET_P95_MS:
                misses.append("p95")
            # Without a full-text statement the database only answers a lookup or two and the
            # layer does the work itself: layer/engine then measures nothing the target is about.
            ratio_applies = row.get("full_text_statements", 1) > 0
            if ratio_applies and row.get("ratio") is not None and row["ratio"] > TARGET_RATIO:
                misses.append("ratio")
            ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else "-"
            ratio += "" if ratio_applies else "*"
            lines.append(
                f"{backend:<11} {kind:<13} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} {row['p99_ms']:7.1f} "
                f"{row['engine_p95_ms']:10.1f} {ratio:>6} {row.get('mean_matches', 0):8.0f} {row['documents']:7d} "
                f"{row.get('peak_memory_mb', 0):8.0f}  {'MISS ' + '+'.join(misses) if misses else 'ok'}")
    lines.append(f"targets: p95 <= {TARGET_P95_MS:.0f} ms, ratio (layer p95 / engine p95) <= {TARGET_RATIO:.0f}; "
                 "percentiles are nearest-rank over every timed run of the kind's queries; "
                 "matches = mean result.count")
    lines.append("engine = the SQL statements the layer issued, replayed on a bare cursor; "
                 "* = no full-text statement among them (ratio not checked)")
    for backend, kinds in results.items():
        first = next(iter(kinds.values()), {})
        if "cold_first_query_ms" in first:
            generation = first.get("generation_s")
            lines.append(f"{backend}: first query of the process {first['cold_first_query_ms']:.0f} ms; corpus "
                         + (f"generated in {generation:.0f} s" if generation is not None else "reused"))
    return "\n".join(lines)

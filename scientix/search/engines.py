"""The one place that speaks to the database's full-text engine.

``matching_rows`` returns (document id, score) for every document whose text
matches a query tree; filters, facet counts and sorting are answered from
the facet bitmaps (``snapshot``), the same way for both engines.
"""

from django.db import connection

from scientix.search import query
from scientix.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
# Relevance. SQLite: bm25 with title terms weighing ten times body terms.
# PostgreSQL: ts_rank over the whole document vector reads (and decompresses) every
# matching row's vector, ~6 µs a row: too much for a word found in thousands of bodies.
# So it ranks with the small title vector (migration 0005): title matches first
# (1 + rank), body-only matches score 0 and follow, newest first. Both engines thus
# put title matches first.
SQLITE_MATCH = "SELECT rowid, -bm25(search_fts, 10.0, 1.0, 0.0) FROM search_fts WHERE search_fts MATCH %s"
POSTGRESQL_MATCH = (
    f"SELECT d.id, CASE WHEN d.title_vector @@ t.q THEN 1 + ts_rank(d.title_vector, t.q) ELSE 0 END "
    f"FROM {TABLE} d, CAST(%s AS tsquery) AS q(q), CAST(%s AS tsquery) AS t(q) WHERE d.vector @@ q.q"
)


def statement(node, *, words=None) -> tuple[str, list]:
    """The SQL and parameters that find the documents matching ``node``; ``words`` is its text part."""
    if connection.vendor == "postgresql":
        return POSTGRESQL_MATCH, [query.to_tsquery(node), query.to_tsquery(words or node, words_only=True)]
    return SQLITE_MATCH, [query.to_fts5(node)]


def matching_rows(node, *, words=None) -> list[tuple[int, float]]:
    sql, params = statement(node, words=words)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def display_rows(ids: list[int]) -> dict[int, tuple]:
    """What the page shows of its hits: (id, kind, object id, language, title, URL, text)."""
    if not ids:
        return {}
    rows = SearchDocument.objects.filter(pk__in=ids).values_list("id", "kind", "object_id", "language", "title", "url", "body")
    return {row[0]: row for row in rows}

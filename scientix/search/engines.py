"""The one place that speaks to the database's full-text engine.

``matching_rows`` returns (document id, score) for every document whose text
matches a query tree; filters, facet counts and sorting are answered from
the facet bitmaps (``snapshot``), the same way for both engines.
"""

from django.db import connection

from scientix.search import query
from scientix.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
# Relevance: title terms count ten times body terms (FTS5 bm25 column weights;
# PostgreSQL weights A=1.0 for titles, D=0.1 for bodies).
SQLITE_MATCH = "SELECT rowid, -bm25(search_fts, 10.0, 1.0, 0.0) FROM search_fts WHERE search_fts MATCH %s"
POSTGRESQL_MATCH = f"SELECT d.id, ts_rank(d.vector, q.q) FROM {TABLE} d, CAST(%s AS tsquery) AS q(q) WHERE d.vector @@ q.q"


def statement(node) -> tuple[str, list]:
    """The SQL and parameters that find the documents matching ``node``."""
    if connection.vendor == "postgresql":
        return POSTGRESQL_MATCH, [query.to_tsquery(node)]
    return SQLITE_MATCH, [query.to_fts5(node)]


def matching_rows(node) -> list[tuple[int, float]]:
    sql, params = statement(node)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def display_rows(ids: list[int]) -> dict[int, tuple]:
    """What the page shows of its hits: (id, kind, object id, language, title, URL, text)."""
    if not ids:
        return {}
    rows = SearchDocument.objects.filter(pk__in=ids).values_list("id", "kind", "object_id", "language", "title", "url", "body")
    return {row[0]: row for row in rows}

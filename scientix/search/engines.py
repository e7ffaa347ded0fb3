"""The one place that speaks to the database's full-text engine.

``matching_rows`` returns every document matching a query tree with what
ranking, collapsing, facet counting and sorting need; the rest happens in
``selectors.search`` and is the same for both engines.
"""

from django.db import connection

from scientix.search import query
from scientix.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
COLUMNS = ("id", "kind", "object_id", "translation_key", "language", "facet_terms", "published_at",
           "starts_on", "ends_on", "rating", "sort_title")
SELECT = ", ".join(f"d.{column}" for column in COLUMNS)
# Relevance: title terms count ten times body terms (FTS5 bm25 column weights;
# PostgreSQL weights A=1.0 for titles, D=0.1 for bodies).
SQLITE_MATCH = (f"SELECT {SELECT}, -bm25(search_fts, 10.0, 1.0, 0.0) FROM search_fts "
                f"JOIN {TABLE} d ON d.id = search_fts.rowid WHERE search_fts MATCH %s")
POSTGRESQL_MATCH = (f"SELECT {SELECT}, ts_rank(d.vector, q.q) FROM {TABLE} d, CAST(%s AS tsquery) AS q(q) "
                    f"WHERE d.vector @@ q.q")
EVERYTHING = f"SELECT {SELECT}, 0.0 FROM {TABLE} d"


def statement(node) -> tuple[str, list]:
    """The SQL and parameters that find the documents matching ``node`` (None: every document)."""
    if node is None:
        return EVERYTHING, []
    if connection.vendor == "postgresql":
        return POSTGRESQL_MATCH, [query.to_tsquery(node)]
    return SQLITE_MATCH, [query.to_fts5(node)]


def matching_rows(node) -> list[tuple]:
    sql, params = statement(node)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def display_rows(ids: list[int]) -> dict[int, tuple]:
    """Title, URL and text of the documents on the page being shown."""
    if not ids:
        return {}
    return {row[0]: row for row in SearchDocument.objects.filter(pk__in=ids).values_list("id", "title", "url", "body")}

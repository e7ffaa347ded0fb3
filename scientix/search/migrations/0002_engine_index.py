"""The engine's own full-text index over the analysed columns.

SQLite: an FTS5 table reading its text from search_searchdocument, kept in
step by triggers. PostgreSQL: a generated tsvector column (title terms weigh
A, body terms D, facet tokens taken verbatim) with a GIN index. Either way
the database keeps the index consistent with the rows in the same transaction.
"""

from django.db import migrations

TABLE = "search_searchdocument"

SQLITE = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, facet_terms,
        content='{TABLE}', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_=-.'",
        prefix='2 3 4'
    )""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms, facet_terms)
        VALUES (new.id, new.title_terms, new.body_terms, new.facet_terms);
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, facet_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms, old.facet_terms);
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE OF title_terms, body_terms, facet_terms ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, facet_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms, old.facet_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms, facet_terms)
        VALUES (new.id, new.title_terms, new.body_terms, new.facet_terms);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update", "DROP TRIGGER search_fts_delete", "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]

POSTGRESQL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A')
        || setweight(to_tsvector('simple', body_terms), 'D')
        || array_to_tsvector(string_to_array(facet_terms, ' '))
    ) STORED""",
    f"CREATE INDEX search_document_vector ON {TABLE} USING GIN (vector)",
]
POSTGRESQL_REVERSE = ["DROP INDEX search_document_vector", f"ALTER TABLE {TABLE} DROP COLUMN vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"no full-text index for {schema_editor.connection.vendor}")
        for statement in statements:
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]

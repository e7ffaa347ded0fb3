"""PostgreSQL: a small title-only tsvector to rank with (see engines.POSTGRESQL_MATCH).

Ranking with the whole document vector meant reading and decompressing it for every
match; the title vector is a few dozen bytes, stored inline. SQLite: nothing to do
(FTS5's bm25 weighs columns itself).
"""

from django.db import migrations

TABLE = "search_searchdocument"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS title_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN title_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_changes")]

    operations = [migrations.RunPython(forwards, backwards)]

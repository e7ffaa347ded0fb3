"""Load vocabularies from the JSON files in ``data/`` (idempotent: update or create by code).

Called by a data migration (with the historical model) and by
``manage.py load_vocabularies`` after the files change.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
EXTRA_FIELDS = ("spdx_id", "url", "allows_derivatives", "age_min", "age_max")


def vocabulary_files() -> list[Path]:
    return sorted(DATA.glob("*.json"))


def vocabularies_load(*, term_model) -> dict[str, int]:
    counts = {}
    for path in vocabulary_files():
        vocabulary = path.stem
        entries = json.loads(path.read_text(encoding="utf-8"))
        by_code = {}
        for order, entry in enumerate(entries):
            defaults = {"labels": entry["labels"], "sort_order": order, "parent": by_code.get(entry.get("parent"))}
            defaults.update({field: entry[field] for field in EXTRA_FIELDS if field in entry})
            term, _created = term_model.objects.update_or_create(
                vocabulary=vocabulary, code=entry["code"], defaults=defaults
            )
            by_code[entry["code"]] = term
        counts[vocabulary] = len(entries)
    return counts

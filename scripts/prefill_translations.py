"""Fill empty entries of our catalogs from the libraries' own translations.

Developer tool, run after ``make messages``: where Django or django-allauth
already translate a string we show (a form label, a validation error),
reuse their wording so the portal speaks like the libraries. Whatever stays
empty is translated by hand. Also sets Maltese plural rules, which no
library catalog provides.

    .venv/bin/python scripts/prefill_translations.py
"""

import sys
from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parent.parent
MALTESE_PLURALS = (
    "nplurals=4; plural=(n==1 ? 0 : n==0 || (n%100>1 && n%100<11) ? 1 : (n%100>10 && n%100<20) ? 2 : 3);"
)
# Library catalog folders to borrow from, by our language code.
ALIASES = {"pt": ["pt", "pt_PT"]}


def library_catalogs(code: str) -> list[polib.POFile]:
    site = Path(django.__file__).resolve().parent.parent
    roots = [site / "django/conf/locale", site / "django/contrib/auth/locale", site / "allauth/locale"]
    catalogs = []
    for root in roots:
        for folder in ALIASES.get(code, [code]):
            po_path = root / folder / "LC_MESSAGES/django.po"
            if po_path.exists():
                catalogs.append(polib.pofile(str(po_path)))
                break
    return catalogs


def prefill(po_path: Path) -> int:
    code = po_path.parent.parent.name
    catalog = polib.pofile(str(po_path))
    if code == "mt":
        catalog.metadata["Plural-Forms"] = MALTESE_PLURALS
    if code == "en":
        return 0
    borrowed = {}
    for library in library_catalogs(code):
        for entry in library.translated_entries():
            borrowed.setdefault(entry.msgid, entry)
    filled = 0
    for entry in catalog:
        if entry.translated() or entry.msgid not in borrowed:
            continue
        source = borrowed[entry.msgid]
        if entry.msgid_plural and source.msgstr_plural:
            entry.msgstr_plural = dict(source.msgstr_plural)
        elif not entry.msgid_plural and source.msgstr:
            entry.msgstr = source.msgstr
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalog.save()
    return filled


if __name__ == "__main__":
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):
        print(f"{po_path.parent.parent.name}: {prefill(po_path)} filled")
    sys.exit(0)

"""Fill empty entries of our catalogs from the libraries' own translations.

Developer tool, run after ``make messages``: where Django or django-allauth
already translate a string we show (a form label, a validation error),
reuse their wording so the portal speaks like the libraries. Whatever stays
empty is translated by hand. Also sets each catalog's Plural-Forms header
to the language's standard gettext rule (tests/test_locale_formats.py
checks it), and re-maps the plural forms it borrows: Django's catalogs use
Transifex rules with extra forms for fractions (cs, lt, pl, sk, es).

    .venv/bin/python scripts/prefill_translations.py
"""

import gettext
import re
import sys
from collections.abc import Callable
from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parent.parent
TWO_FORMS = "nplurals=2; plural=(n != 1);"
# The gettext manual's headers (Irish and Maltese: see tests/test_locale_formats.py for why these).
PLURAL_FORMS = {
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "fr": "nplurals=2; plural=(n > 1);",
    "ga": "nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 : (n>6 && n<11) ? 3 : 4);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "mt": "nplurals=4; plural=(n==1 ? 0 : n==0 || (n%100>1 && n%100<11) ? 1 : (n%100>10 && n%100<20) ? 2 : 3);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}
HEADER = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
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


def plural_rule(header: str) -> tuple[int, Callable[[int], int]]:
    nplurals, expression = HEADER.search(header).groups()
    return int(nplurals), gettext.c2py(expression)


def remap_forms(forms: dict[int, str], source_header: str, target_header: str) -> dict[int, str]:
    """The forms of one rule, re-indexed for another: form k of the target is
    the source's form for the smallest count >= 1 that the target puts in k."""
    (_n, source), (nplurals, target) = plural_rule(source_header), plural_rule(target_header)
    remapped = {}
    for form in range(nplurals):
        count = next((n for n in range(1, 1000) if target(n) == form), 0)
        remapped[form] = forms.get(source(count), "")
    return remapped


def set_plural_forms(catalog: polib.POFile, code: str) -> None:
    """Put the standard header in place, re-mapping forms written for the old one."""
    header = PLURAL_FORMS.get(code, TWO_FORMS)
    old = catalog.metadata.get("Plural-Forms", "")
    if old.strip() == header:
        return
    for entry in catalog:
        if entry.msgid_plural and old and any(entry.msgstr_plural.values()):
            entry.msgstr_plural = remap_forms(entry.msgstr_plural, old, header)
        elif entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(plural_rule(header)[0]), "")
    catalog.metadata["Plural-Forms"] = header


def prefill(po_path: Path) -> int:
    code = po_path.parent.parent.name
    catalog = polib.pofile(str(po_path))
    set_plural_forms(catalog, code)
    if code == "en":
        catalog.save()
        return 0
    borrowed = {}
    for library in library_catalogs(code):
        for entry in library.translated_entries():
            # The context is part of a message's identity: "May" the month name
            # and "May" as an abbreviated month ("abbrev. month") differ.
            borrowed.setdefault((entry.msgctxt, entry.msgid), (entry, library.metadata.get("Plural-Forms", "")))
    filled = 0
    for entry in catalog:
        if entry.translated() or (entry.msgctxt, entry.msgid) not in borrowed:
            continue
        source, source_header = borrowed[(entry.msgctxt, entry.msgid)]
        if entry.msgid_plural and source.msgstr_plural and source_header:
            forms = remap_forms(source.msgstr_plural, source_header, catalog.metadata["Plural-Forms"])
            if not all(forms.values()):
                continue
            entry.msgstr_plural = forms
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

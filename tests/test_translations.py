"""Every interface string is translated into every EU language, placeholders intact."""

import re
from pathlib import Path

import polib
import pytest

from scientix.languages import LANGUAGE_CODES

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalog(code):
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", [code for code in LANGUAGE_CODES if code != "en"])
def test_catalog_is_complete(code):
    po = catalog(code)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert len(po) == len(catalog("en")), "catalog out of step with the English one: run make messages"


@pytest.mark.parametrize("code", [code for code in LANGUAGE_CODES if code != "en"])
def test_placeholders_survive_translation(code):
    for entry in catalog(code):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(PLACEHOLDER.findall(text)) <= expected | set(PLACEHOLDER.findall(entry.msgid_plural)), entry.msgid
            if not entry.msgid_plural:
                assert set(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_every_language_has_a_compiled_catalog():
    for code in LANGUAGE_CODES:
        assert (LOCALE / code / "LC_MESSAGES" / "django.mo").exists(), code

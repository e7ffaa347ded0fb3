"""Plurals, dates and numbers follow each locale; no template shows untranslated words.

``test_translations.py`` checks that every message is translated; this module
checks the rest of "the interface speaks 24 languages": each catalog's plural
rule is the language's own and every plural message has all its forms; Django's
localized dates and numbers come out in each language's conventions; and no
template carries user-visible text outside ``{% translate %}`` /
``{% blocktranslate %}``.
"""

import gettext
import re
from datetime import date, time
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType
from django.utils import formats, translation

from scientix.languages import LANGUAGE_CODES

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def catalog(code):
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


# --- Plurals ---------------------------------------------------------------
#
# The standard gettext Plural-Forms header of each language, as listed in the
# GNU gettext manual ("Plural forms") and used by the Translation Project,
# Launchpad and translate-toolkit. Integers only: Transifex-style rules with an
# extra form for fractions (cs/sk/lt/pl with 4 forms, es with a "millions"
# form, which Django's own catalogs carry) add a form translators must fill
# but that our %(count)d messages never select.
#   ga: 5 forms (one, two, few 3-6, many 7-10, other), the CLDR categories, as
#       translate-toolkit and Launchpad have it; the manual's older 3-form
#       Irish rule cannot write "7 n-imeacht" (eclipsis after 7-10) apart from
#       "20 imeacht". 0 is "other" (CLDR), not "few".
#   mt: 4 forms (one; few = 0 or 2-10; many = 11-19; other), the header that
#       every Maltese gettext catalog uses (translate-toolkit, GNOME, Debian)
#       and CLDR's categories up to version 41. CLDR 42 split 2 into a "two"
#       form, which no gettext tooling has taken up yet.
TWO_FORMS = (2, "n != 1")
PLURAL_RULES = {
    "bg": TWO_FORMS,
    "cs": (3, "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2"),
    "da": TWO_FORMS,
    "de": TWO_FORMS,
    "el": TWO_FORMS,
    "en": TWO_FORMS,
    "es": TWO_FORMS,
    "et": TWO_FORMS,
    "fi": TWO_FORMS,
    "fr": (2, "n > 1"),
    "ga": (5, "n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 : (n>6 && n<11) ? 3 : 4"),
    "hr": (3, "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"),
    "hu": TWO_FORMS,
    "it": TWO_FORMS,
    "lt": (3, "n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2"),
    "lv": (3, "n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2"),
    "mt": (4, "n==1 ? 0 : n==0 || (n%100>1 && n%100<11) ? 1 : (n%100>10 && n%100<20) ? 2 : 3"),
    "nl": TWO_FORMS,
    "pl": (3, "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"),
    "pt": TWO_FORMS,  # European Portuguese: 0 is plural ("0 eventos")
    "ro": (3, "n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2"),
    "sk": (3, "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2"),
    "sl": (4, "n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3"),
    "sv": TWO_FORMS,
}
HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
SAMPLE_COUNTS = [*range(0, 250), 1000, 1001, 1002, 1005, 1011, 1021, 100000, 1000000]


def test_every_language_has_a_plural_rule():
    assert sorted(PLURAL_RULES) == sorted(LANGUAGE_CODES)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_plural_forms_header_is_the_languages_own(code):
    header = catalog(code).metadata.get("Plural-Forms", "")
    match = HEADER.match(header)
    assert match, f"{code}: malformed Plural-Forms header {header!r}"
    nplurals, expected = PLURAL_RULES[code]
    assert int(match.group(1)) == nplurals, f"{code}: {header!r}"
    actual_rule, expected_rule = gettext.c2py(match.group(2)), gettext.c2py(expected)
    wrong = [n for n in SAMPLE_COUNTS if actual_rule(n) != expected_rule(n)]
    assert wrong == [], f"{code}: {header!r} picks the wrong form for {wrong[:10]}"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_plural_message_has_all_its_forms(code):
    nplurals = PLURAL_RULES[code][0]
    for entry in catalog(code):
        if not entry.msgid_plural or entry.obsolete:
            continue
        assert sorted(entry.msgstr_plural) == list(range(nplurals)), f"{code}: {entry.msgid}"
        if code != "en":  # English is the source: its msgstr stay empty
            assert all(text.strip() for text in entry.msgstr_plural.values()), f"{code}: {entry.msgid}"


def test_plural_forms_are_chosen_at_run_time():
    # Polish "5" and "22" take different forms; Slovenian has a dual.
    with translation.override("pl"):
        few, many = (translation.ngettext("%(counter)s item", "%(counter)s items", n) for n in (22, 5))
    assert few != many
    with translation.override("sl"):
        one, two = (translation.ngettext("%(counter)s item", "%(counter)s items", n) for n in (101, 2))
    assert one != two


# --- Dates and numbers -----------------------------------------------------

ENGLISH_MONTHS = {"march", "mar", "mar."}
# March 5th 2026 in each language's long date (DATE_FORMAT): the month in the
# language's own words. A reviewer can read the whole table at a glance.
LONG_DATES = {
    "bg": "05 март 2026",
    "cs": "5. března 2026",
    "da": "5. marts 2026",
    "de": "5. März 2026",
    "el": "5 Μαρτίου 2026",
    "en": "5 Mar 2026",  # the project writes English dates as en_GB does (scientix/formats/en)
    "es": "5 de marzo de 2026",
    "et": "5. märts 2026",
    "fi": "5. maaliskuuta 2026",
    "fr": "5 mars 2026",
    "ga": "5 Márta 2026",
    "hr": "5. ožujka 2026.",
    "hu": "2026. március 5.",
    "it": "05 marzo 2026",
    "lt": "2026 m. kovo 5 d.",
    "lv": "2026. gada 5. marts",
    "mt": "5 ta’ Marzu 2026",
    "nl": "5 maart 2026",
    "pl": "5 marca 2026",
    "pt": "5 de março de 2026",
    "ro": "5 martie 2026",
    "sk": "5. marca 2026",
    "sl": "05. marec 2026",  # Django's (and CLDR's) nominative
    "sv": "5 mars 2026",
}
NBSP = "\N{NO-BREAK SPACE}"
# 1234567.5 with grouping forced: (thousands separator, decimal separator).
SEPARATORS = {
    "bg": (NBSP, ","),
    "cs": (NBSP, ","),
    "da": (".", ","),
    "de": (".", ","),
    "el": (".", ","),
    "en": (",", "."),
    "es": (NBSP, ","),
    "et": (NBSP, ","),
    "fi": (NBSP, ","),
    "fr": (NBSP, ","),  # Django's; CLDR now has a narrow no-break space
    "ga": (",", "."),
    "hr": (".", ","),
    "hu": (NBSP, ","),
    "it": (".", ","),
    "lt": (".", ","),
    "lv": (NBSP, ","),
    "mt": (",", "."),
    "nl": (".", ","),
    "pl": (NBSP, ","),
    "pt": (".", ","),
    "ro": (".", ","),
    "sk": (NBSP, ","),
    "sl": (".", ","),
    "sv": (NBSP, ","),
}


def test_every_language_has_expected_formats():
    assert sorted(LONG_DATES) == sorted(SEPARATORS) == sorted(LANGUAGE_CODES)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_long_date_is_written_the_languages_way(code):
    with translation.override(code):
        written = formats.date_format(date(2026, 3, 5), "DATE_FORMAT")
    assert written == LONG_DATES[code]
    if code != "en":
        words = {word.lower() for word in re.findall(r"[^\W\d_]+\.?", written)}
        assert not words & ENGLISH_MONTHS, f"{code}: {written}"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_month_and_weekday_names_are_in_the_language(code):
    with translation.override(code):
        month = formats.date_format(date(2026, 3, 5), "YEAR_MONTH_FORMAT")
        weekday = formats.date_format(date(2026, 3, 5), "l")
    if code == "en":
        assert (month, weekday) == ("March 2026", "Thursday")
    else:
        assert "March" not in month, f"{code}: {month}"
        assert weekday != "Thursday", f"{code}: {weekday}"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_short_date_and_time_use_the_languages_order(code):
    with translation.override(code):
        short = formats.date_format(date(2026, 3, 5), "SHORT_DATE_FORMAT")
        clock = formats.time_format(time(14, 30), "TIME_FORMAT")
    # Day before month everywhere in the EU (year first in hu, lt, sv); never the US 03/05.
    assert not short.startswith(("03/05", "3/5")), f"{code}: {short}"
    assert "26" in short, f"{code}: {short}"
    if code not in {"el", "en"}:  # Greek (as CLDR) and English (en_GB in Django) write "2:30 μμ." / "2:30 p.m."
        assert clock.startswith("14"), f"{code}: 24-hour clock expected, got {clock}"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_numbers_use_the_languages_separators(code):
    thousands, decimal = SEPARATORS[code]
    with translation.override(code):
        written = formats.number_format(1234567.5, decimal_pos=1, use_l10n=True, force_grouping=True)
    assert written == f"1{thousands}234{thousands}567{decimal}5"


# --- Templates: no user-visible text outside the translation tags --------

TEMPLATE_ROOTS = [ROOT / "templates", *sorted(ROOT.glob("scientix/*/templates"))]
# Words that are the same in every language: the brand, standards and formats.
ALLOWED_WORDS = {"Scientix", "RSS", "Atom", "JSON", "OAI-PMH", "OpenAPI", "API", "CSV", "PDF", "ics", "LOM", "ORCID"}
TRANSLATED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}
VISIBLE_ATTRIBUTES = re.compile(
    r"""\b(alt|title|placeholder|aria-label|aria-description|aria-roledescription)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
BUTTON_VALUE = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?(?:submit|button|reset)[^>]*>""", re.IGNORECASE)
VALUE_ATTRIBUTE = re.compile(r"""\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
HIDDEN = [
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"<script\b.*?</script\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(r"<style\b.*?</style\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(r"<code\b.*?</code\s*>", re.DOTALL | re.IGNORECASE),  # literal code, the same in every language
]
TAG = re.compile(r"<[a-zA-Z!/][^>]*>")
NOT_WORDS = [
    re.compile(r"&#?\w+;"),  # entities: &nbsp; &copy; &rarr;
    re.compile(r"\b(?:https?|mailto)://\S+|\b\S+@\S+\.\w+"),  # addresses in e-mails
]
WORD = re.compile(r"[^\W\d_][\w.'’-]*")
CODE = "\x00"  # stands for a {{ variable }} or {% tag %}: a value, not a word


def template_files():
    for root in TEMPLATE_ROOTS:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".txt", ".xml"} and path.is_file():
                yield root, path


def blank(match):
    """Keep the newlines of what is removed, so line numbers stay true."""
    return "\n" * match.group(0).count("\n")


def visible_source(source):
    """The template with every translated or computed part replaced by CODE."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if closing is None and name in TRANSLATED_BLOCKS:
                closing = TRANSLATED_BLOCKS[name]
            elif name == closing:
                closing = None
            parts.append(CODE + newlines)
        elif token.token_type == TokenType.VAR:
            parts.append(CODE + newlines)
        elif token.token_type == TokenType.COMMENT:
            parts.append(newlines)
        elif closing is not None:  # text inside {% blocktranslate %} or {% comment %}
            parts.append(CODE + newlines)
        else:
            parts.append(token.contents)
    return "".join(parts)


def bare_words(text):
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    return [word for word in WORD.findall(text.replace(CODE, " ")) if word.strip(".'’-") not in ALLOWED_WORDS]


def untranslated_text(source):
    """(line, words) for every piece of user-visible text not marked for translation."""
    text = visible_source(source)
    for pattern in HIDDEN:
        text = pattern.sub(blank, text)
    findings = []

    def line_of(position):
        return text.count("\n", 0, position) + 1

    for tag in TAG.finditer(text):
        for attribute in VISIBLE_ATTRIBUTES.finditer(tag.group(0)):
            words = bare_words(attribute.group(2) or attribute.group(3) or "")
            if words:
                findings.append((line_of(tag.start()), f'{attribute.group(1)}="{" ".join(words)}"'))
        if BUTTON_VALUE.match(tag.group(0)):
            for value in VALUE_ATTRIBUTE.finditer(tag.group(0)):
                words = bare_words(value.group(1) or value.group(2) or "")
                if words:
                    findings.append((line_of(tag.start()), f'value="{" ".join(words)}"'))
    stripped = TAG.sub(blank, text)
    for number, line in enumerate(stripped.split("\n"), start=1):
        words = bare_words(line)
        if words:
            findings.append((number, " ".join(words)))
    return findings


def test_the_audit_finds_bare_text():
    source = (
        "{% load i18n %}<h1>Hello {{ name }}</h1><!-- note --><script>var x = 'hi';</script>"
        '<img alt="A cat" src="x.png"><p title="{% translate "Fine" %}">{% translate "Fine" %}</p>'
        "{% blocktranslate %}All good{% endblocktranslate %}{# comment #}<p>© Scientix – 2026</p>"
    )
    assert untranslated_text(source) == [(1, 'alt="A cat"'), (1, "Hello")]


def test_templates_have_no_untranslated_text():
    findings = []
    for _root, path in template_files():
        for line, words in untranslated_text(path.read_text(encoding="utf-8")):
            findings.append(f"{path.relative_to(ROOT)}:{line}: {words}")
    assert findings == [], "wrap these in {% translate %} or {% blocktranslate %}:\n" + "\n".join(findings)

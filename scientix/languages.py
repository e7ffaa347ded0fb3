"""The 24 official EU languages the portal speaks.

Kept apart from settings so that templates, forms and tests import one list.
Django 5.2 ships no Maltese in ``LANG_INFO``; ``register_maltese`` adds it.
"""

from django.utils.translation import gettext_lazy as _

# (code, English name marked for translation); order = alphabetical by code,
# which is how the EU's own sites list them.
EU_LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("hr", _("Croatian")),
    ("hu", _("Hungarian")),
    ("it", _("Italian")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("sv", _("Swedish")),
]

LANGUAGE_CODES = [code for code, _name in EU_LANGUAGES]

MALTESE_INFO = {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}


def register_maltese() -> None:
    """Teach Django the Maltese language metadata it lacks (idempotent)."""
    from django.conf.locale import LANG_INFO

    LANG_INFO.setdefault("mt", MALTESE_INFO)

"""Greek: a long date with the month written out, in the genitive ("5 Μαρτίου 2026").

Django's Greek DATE_FORMAT is all digits (05/03/2026), the same as the short
one; CLDR's long date is "d MMMM y" with the genitive month, which Django
writes with "E" (its "alt. month" names). Everything else falls back to
``django.conf.locale.el.formats``.
"""

DATE_FORMAT = "j E Y"
MONTH_DAY_FORMAT = "j E"

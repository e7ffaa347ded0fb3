"""Slovak: the month in the genitive after a day ("5. marca 2026"), as CLDR has it.

Django writes the nominative ("5. marec 2026"); "E" picks the "alt. month"
names, which our catalog gives in the genitive for Slovak. Everything else
falls back to ``django.conf.locale.sk.formats``.
"""

DATE_FORMAT = "j. E Y"
DATETIME_FORMAT = "j. E Y G:i"
MONTH_DAY_FORMAT = "j. E"

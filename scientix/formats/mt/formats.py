"""Maltese dates and numbers, which Django does not ship.

Following CLDR's Maltese ("mt") data: long date "d 'ta'’ MMMM y"
(5 ta’ Marzu 2026), short date dd/MM/y, 24-hour clock, "." for decimals and
"," between thousands (as in English in Malta). Month and weekday names come
from our catalog (scientix/core/borrowed_strings.py marks Django's date
words so that ``make messages`` keeps them). CLDR starts the week on Sunday
in Malta. In Django's date syntax "t" and "a" are format characters, hence
the escaped "\\t\\a".
"""

DATE_FORMAT = r"j \t\a’ F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \t\a’ F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = r"j \t\a’ F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday

# Python strftime syntax; the first is what the date widgets show.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '05/03/2026'
    "%d/%m/%y",  # '05/03/26'
    "%Y-%m-%d",  # '2026-03-05'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

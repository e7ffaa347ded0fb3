"""Irish: Django's formats, with digit grouping (1,234,567.5) that Django leaves off.

Only what differs from ``django.conf.locale.ga.formats`` is here: Django reads
this module first and falls back to its own for every other name.
"""

NUMBER_GROUPING = 3

"""English dates and numbers as written in the EU (day month year), not the US defaults."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

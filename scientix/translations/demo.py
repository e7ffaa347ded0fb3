"""Demo translation requests, so editors find a queue and figures to look at (idempotent)."""

from django.core.exceptions import ValidationError

from scientix.accounts.models import User
from scientix.resources.models import ResourcePage
from scientix.translations.selectors import licence_allows_translation
from scientix.translations.services import request_ask

ASKERS = ("teacher@scientix.example", "ambassador@scientix.example", "school@scientix.example")
# (asked resource, language, how many of ASKERS ask): one reaches the default threshold of 3.
WANTED = ((0, "sl", 3), (0, "pl", 1), (1, "sl", 2), (2, "hr", 1))


def translations_demo_load() -> int:
    askers = list(User.objects.filter(email__in=ASKERS).order_by("email"))
    resources = [r for r in ResourcePage.objects.live().filter(locale__language_code="en").order_by("pk")[:20]
                 if licence_allows_translation(resource=r)]
    asked = 0
    for index, language, count in WANTED:
        if index >= len(resources):
            continue
        for user in askers[:count]:
            try:
                request_ask(user=user, resource=resources[index], language=language)
                asked += 1
            except ValidationError:
                pass  # asked on an earlier run, or the language exists now
    return asked

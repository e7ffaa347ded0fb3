from django.core.management.base import BaseCommand

from scientix.vocabularies.loader import vocabularies_load
from scientix.vocabularies.models import Term


class Command(BaseCommand):
    help = "Create or update the controlled vocabularies from scientix/vocabularies/data/*.json."

    def handle(self, *args, **options):
        for vocabulary, count in vocabularies_load(term_model=Term).items():
            self.stdout.write(f"{vocabulary}: {count} terms")

from django.core.management.base import BaseCommand

from scientix.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load demo content and one account per role (safe to run again)."

    def handle(self, *args, **options):
        created = demo_load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {created['pages']} page(s), {created['translations']} translation(s), "
            f"{created['accounts']} account(s) created."
        ))
        self.stdout.write("\nDemo accounts (password for all: %s):" % DEMO_PASSWORD)
        for account in DEMO_ACCOUNTS:
            roles = ", ".join(account.roles) or ("administrator" if account.superuser else "teacher")
            self.stdout.write(f"  {account.email:32} {roles}")

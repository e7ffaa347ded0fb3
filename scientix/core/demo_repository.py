"""Demo repository: real projects and resources (see demo_data/README.md for sources and licences).

Kept apart from ``demo.py`` so that the demo's editorial pages and accounts
load without the importers; ``demo_load`` may call this as a last step.
"""

from pathlib import Path

from scientix.editorial.demo import editorial_demo_load
from scientix.events.demo import events_demo_load
from scientix.projects.importers import projects_import
from scientix.resources.importers import resources_import

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def repository_demo_load(*, stdout=None) -> dict:
    """Import the demo projects, then the demo resources; returns the two import reports.

    Idempotent: the importers update what they imported before, so a second
    run creates nothing. Projects come first because resources may name one.
    """
    say = stdout.write if stdout else (lambda message: None)
    reports = {
        "projects": projects_import(path=DEMO_DATA / "projects", progress=False),
        "resources": resources_import(path=DEMO_DATA / "resources", progress=False),
        "events": events_demo_load(),
        "news, blog and Observatory": editorial_demo_load(),
    }
    for name, report in reports.items():
        say(f"Demo {name}: {report.summary()}")
    return reports

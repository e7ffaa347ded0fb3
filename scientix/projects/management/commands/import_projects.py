"""manage.py import_projects PATH: publish the projects in a file or folder (staff tool)."""

from scientix.core.management_base import ImportCommand
from scientix.projects.importers import projects_import


class Command(ImportCommand):
    help = (
        "Import projects from a CSV or JSON file, or from every .csv and .json file in a folder: our own "
        "format, CORDIS project exports or the JRC citizen-science inventory. Re-running updates; "
        "bad records are skipped with their reason."
    )
    path_help = "a file, or a folder of .csv and .json files"
    importer = staticmethod(projects_import)

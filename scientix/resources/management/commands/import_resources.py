"""manage.py import_resources PATH: publish the resources in a file or folder (staff tool)."""

from scientix.core.management_base import ImportCommand
from scientix.resources.importers import resources_import


class Command(ImportCommand):
    help = (
        "Import resources from a CSV, JSON or IEEE LOM XML file, or from every such file in a folder: our own "
        "format, LOM records or the XTEC eXeLearning catalogue. Re-running updates; bad records are skipped "
        "with their reason."
    )
    path_help = "a file, or a folder of .csv, .json and .xml files"
    importer = staticmethod(resources_import)

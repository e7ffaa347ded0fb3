from scientix.core.exports import repository_list_response
from scientix.projects.selectors import project_browse, project_export_rows, projects_filtered


def project_list(request, *, index_page):
    return repository_list_response(
        request, index_page=index_page, browse=project_browse, filtered=projects_filtered,
        export_rows=project_export_rows, template="projects/project_list.html", filename="scientix-projects",
    )

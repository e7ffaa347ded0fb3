from django.shortcuts import render
from django.utils import translation

from scientix.core.exports import export_response
from scientix.projects.selectors import project_browse, project_export_rows, projects_filtered


def project_list(request, *, index_page):
    language = translation.get_language()
    fmt = request.GET.get("format")
    if fmt in ("csv", "json"):
        rows = project_export_rows(projects_filtered(params=request.GET, language=language).order_by("-first_published_at"))
        return export_response(rows, filename="scientix-projects", fmt=fmt)
    result = project_browse(params=request.GET, language=language)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "projects/project_list.html", {
        "page": index_page, "self": index_page, "result": result, "query": query.urlencode(),
    })

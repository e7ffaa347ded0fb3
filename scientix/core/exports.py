"""CSV and JSON downloads of filtered lists."""

import csv
import io
import json

from django.http import HttpResponse


def export_response(rows, *, filename: str, fmt: str) -> HttpResponse:
    rows = list(rows)
    if fmt == "json":
        response = HttpResponse(json.dumps(rows, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({key: "; ".join(value) if isinstance(value, list) else value for key, value in row.items()})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{"json" if fmt == "json" else "csv"}"'
    return response


def repository_list_response(request, *, index_page, browse, filtered, export_rows, template: str, filename: str):
    """One list view for both repositories: the filtered list as a page, or as CSV/JSON with ?format=."""
    from django.shortcuts import render
    from django.utils import translation

    language = translation.get_language()
    fmt = request.GET.get("format")
    if fmt in ("csv", "json"):
        queryset = filtered(params=request.GET, language=language).order_by("-first_published_at", "-pk")
        return export_response(export_rows(queryset), filename=filename, fmt=fmt)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {
        "page": index_page, "self": index_page, "query": query.urlencode(),
        "result": browse(params=request.GET, language=language),
    })

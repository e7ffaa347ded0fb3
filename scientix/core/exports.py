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

"""A report page's data as JSON (everything the page shows) or CSV (its cells, one row each)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from datasette.utils.asgi import Response

CELL_COLUMNS = (
    "table_code", "row_code", "column_code", "row_label", "column_label", "raw", "value", "kind", "unit", "page",
    "bbox", "parser_version",
)  # fmt: skip
# Rows of the report whose SHA-256 is the parameter: cells, checks and extras name it by reports.id.
OF_REPORT = "report_id = (select id from reports where sha256 = ?)"
CELLS_SQL = f"select {', '.join(CELL_COLUMNS)} from cells where {OF_REPORT} order by seq"


def _filename(sha256: str, extension: str) -> str:
    return f"nianbao-report-{sha256[:10]}.{extension}"


def json_response(data: dict[str, Any]) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return Response(body, content_type="application/json; charset=utf-8",
                    headers={"access-control-allow-origin": "*"})  # fmt: skip


def csv_response(sha256: str, cells: list[dict[str, Any]], download: bool) -> Response:
    """?_bom=1 adds the byte order mark Excel needs (archive/datasette/bom.py)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["report_sha256", *CELL_COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({"report_sha256": sha256, **cell} for cell in cells)
    headers = {"content-disposition": f'attachment; filename="{_filename(sha256, "csv")}"'} if download else {}
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8", headers=headers)

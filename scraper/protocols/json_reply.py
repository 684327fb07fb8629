"""JSON APIs both ways: a request body as portal scripts encode it; a reply's refusals and rows
(field aliases, links, dates in Asia/Shanghai)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin

from scraper.pages import ListRow
from scraper.titles import date_from_timestamp, parse_date

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def encode_body(values: Mapping[str, Any], encoding: str) -> bytes:
    """`json`: a compact JSON body. `form`: form fields, a value that is not a string sent as
    compact JSON (Epoint's `params=<json>`)."""
    if encoding == "form":
        fields = {k: v if isinstance(v, str) else compact_json(v) for k, v in values.items()}
        return urlencode(fields).encode("ascii")
    return compact_json(values).encode("utf-8")


def compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Fields:
    """Response keys for each row field, tried in order (aliases seen in third-party crawlers)."""

    title: tuple[str, ...] = ("title", "name", "realtitle", "infoTitle")
    url: tuple[str, ...] = ("url", "link", "linkUrl", "linkurl", "website", "infourl", "visiturl")
    date: tuple[str, ...] = ("display_date", "displayDate", "publishDate", "issue_date", "infodate", "date")
    id: tuple[str, ...] = ("id", "businessId", "infoid")


class ApiError(ValueError):
    """The API answered with a non-zero `code` or something that is not a JSON object."""


def field(data: Any, path: str) -> Any:
    """`custom.data.infocontent` in nested objects; None when any step is missing."""
    for key in path.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def at(payload: Any, paths: Sequence[str]) -> Any:
    """The value at the first dotted path present in the payload."""
    return next((value for value in (field(payload, path) for path in paths) if value is not None), None)


def read_payload(body: bytes) -> Mapping[str, Any]:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ApiError(f"not JSON: {exc}") from None
    if not isinstance(payload, Mapping):
        raise ApiError("the reply is not a JSON object")
    code = payload.get("code")
    if code not in (None, 0, "0", 200, "200"):
        raise ApiError(f"code {code}: {payload.get('message') or payload.get('msg')}")
    return payload


def row_date(value: Any) -> str | None:
    """Epoch milliseconds (杨浦, 浦东) or seconds (gkmlpt) as the date in Asia/Shanghai, or a
    printed date (`2026-07-03`, `2026-07-03 10:00:00`)."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9):
        stamp = float(value)
        return date_from_timestamp(stamp / 1000 if stamp >= 1e11 else stamp)
    return parse_date(str(value))


def first_value(row: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((row[k] for k in keys if row.get(k) not in (None, "")), None)


def json_rows(payload: Mapping[str, Any], rows_at: Sequence[str], fields: Fields, base_url: str,
              detail_url: str | None = None) -> list[tuple[str, ListRow]]:
    """(key, row) for every row with a link (or one built from `detail_url`'s `{field}`s); the
    key (id, else URL) tells repeated pages apart."""
    found = at(payload, rows_at)
    rows = []
    for item in found if isinstance(found, list) else []:
        if not isinstance(item, Mapping):
            continue
        link = first_value(item, fields.url)
        if not link and detail_url:
            link = PLACEHOLDER.sub(lambda m: str(item.get(m.group(1), "")), detail_url)
        if not link:
            continue  # 杨浦 lists rows with an empty `url`; they lead nowhere
        url = urljoin(base_url, str(link).strip())
        title = str(first_value(item, fields.title) or "").strip()
        key = str(first_value(item, fields.id) or url)
        rows.append((key, ListRow(url, title, row_date(first_value(item, fields.date)))))
    return rows

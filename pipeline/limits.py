"""The resource budget of one document's extraction: wall and CPU time, memory, depth, sizes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace

MB = 1024 * 1024
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PAGE_COUNT = re.compile(rb"/Count\s+(\d{1,7})")


@dataclass(frozen=True)
class Limits:
    """Defaults sized for real reports (a 60-page PDF, a 3 MB portal page) with ample room;
    `NIANBAO_LIMITS="seconds=2,memory_mb=300"` overrides any field (the tests use small ones)."""

    seconds: float = 30.0  # wall time for any document ...
    seconds_per_page: float = 8.0  # ... plus this per PDF page (OCR takes ~6.5 CPU-s a scanned page) ...
    max_seconds: float = 300.0  # ... up to this
    memory_mb: float = 2048.0  # address space a worker may add to what it starts with
    recursion: int = 2000
    file_mb: float = 200.0
    html_mb: float = 8.0  # an HTML or text report is tens of KB; a 54 MB page is not a report
    stream_mb: float = 128.0  # one decompressed PDF stream
    unzipped_mb: float = 256.0  # a DOCX's parts, uncompressed
    grid_cells: int = 200_000  # an HTML table's rowspan x colspan area
    table_depth: int = 16  # tables inside tables
    figure_depth: int = 16  # PDF forms drawn inside forms

    def wall_time(self, pages: int) -> float:
        return min(self.max_seconds, self.seconds + self.seconds_per_page * max(0, pages))

    def within(self, seconds: float | None) -> Limits:
        """These limits, with no document allowed more than `seconds` (build's --timeout)."""
        if seconds is None:
            return self
        return replace(self, seconds=min(self.seconds, seconds), max_seconds=min(self.max_seconds, seconds))

    @classmethod
    def from_env(cls, setting: str | None = None) -> Limits:
        text = os.environ.get("NIANBAO_LIMITS", "") if setting is None else setting
        known = {f.name: f.type for f in fields(cls)}
        changes: dict[str, float | int] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, _, value = item.partition("=")
            name = name.strip()
            if name not in known:
                raise ValueError(f"NIANBAO_LIMITS: unknown limit {name!r} (known: {', '.join(known)})")
            changes[name] = int(value) if known[name] == "int" else float(value)
        return replace(cls(), **changes)  # type: ignore[arg-type]


def estimate_pages(data: bytes) -> int:
    """A PDF's page count from its bytes, without parsing: page objects, or the page tree's
    /Count when the objects are compressed. Other formats count as one page."""
    if not data[:1024].lstrip().startswith(b"%PDF"):
        return 1
    counted = sum(1 for _ in _PAGE_OBJECT.finditer(data))
    declared = max((int(m.group(1)) for m in _PAGE_COUNT.finditer(data)), default=0)
    return max(1, counted, declared)

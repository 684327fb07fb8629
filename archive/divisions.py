"""The shipped table of administrative divisions (行政区划代码) that agency names are matched against."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS_PATH = Path(__file__).parent / "divisions.json"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str | None
    level: str
    aliases: tuple[str, ...] = ()


@cache
def load_divisions(path: Path = DIVISIONS_PATH) -> tuple[Division, ...]:
    entries = json.loads(path.read_text(encoding="utf-8"))["divisions"]
    return tuple(
        Division(e["code"], e["name"], e["parent"], e["level"], tuple(e.get("aliases", ()))) for e in entries
    )

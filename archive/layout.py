"""Where the archive keeps things under one data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "data"


@dataclass(frozen=True)
class Layout:
    root: Path

    @classmethod
    def from_env(cls, root: str | os.PathLike[str] | None = None) -> Layout:
        return cls(Path(root or os.environ.get("NIANBAO_DATA") or DEFAULT_DATA_DIR))

    @property
    def blobs_dir(self) -> Path:
        return self.root / "archive" / "blobs"

    @property
    def warc_dir(self) -> Path:
        return self.root / "archive" / "warc"

    @property
    def catalog_path(self) -> Path:
        return self.root / "archive" / "catalog.db"

    @property
    def db_path(self) -> Path:
        return self.root / "nianbao.db"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

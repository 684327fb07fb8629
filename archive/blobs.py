"""Raw bytes stored unedited under their SHA-256, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class BlobNotFound(KeyError):
    """No blob with this SHA-256 is in the store."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """`blobs/ab/cd/abcd…` — two fan-out levels keep directories small."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def __contains__(self, sha256: object) -> bool:
        return isinstance(sha256, str) and self.path(sha256).exists()

    def put(self, data: bytes) -> str:
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobNotFound(sha256) from None

    def __iter__(self) -> Iterator[str]:
        for path in sorted(self.root.glob("??/??/*")):
            if not path.name.startswith(".tmp-"):
                yield path.name

    def verify(self) -> Iterator[tuple[str, bool]]:
        """Re-hash every blob: (name, whether the content still hashes to its name)."""
        for name in self:
            yield name, sha256_hex(self.path(name).read_bytes()) == name

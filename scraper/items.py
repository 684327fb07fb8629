"""What a spider says about a document it found: discovery metadata, never table contents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields

from scrapy.http import Response

from archive.catalog import DocumentRecord


@dataclass(frozen=True)
class Discovery(DocumentRecord):
    """A catalogue record as a spider yields it. `role` is one of archive.catalog.ROLES: report (a
    detail page holding or introducing a report), attachment (a file linked from a report page),
    image (a picture in a report page's body, perhaps a table pasted as one), list, page."""

    @classmethod
    def from_response(cls, response: Response, portal: str, role: str, **meta: object) -> Discovery:
        content_type = response.headers.get(b"Content-Type")
        return cls(
            url=response.url,
            portal=portal,
            role=role,
            sha256=hashlib.sha256(response.body).hexdigest(),
            content_type=content_type.decode("latin-1") if content_type else None,
            size=len(response.body),
            **meta,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class DerivedDocument(Discovery):
    """A document no URL serves as a file: the report body a script-shell page loads from an API
    (a REST detail call's JSON field). It is a Discovery like any other for whoever watches the
    crawl; the pipeline stores `body` as its own blob and logs `derived_from`, the exchange and
    field it was cut from, so the number still traces to bytes that came over the wire (those
    are archived like any other response)."""

    body: bytes = field(default=b"", repr=False)
    derived_from: str = ""

    def record(self) -> Discovery:
        """What the catalogue holds: the discovery without the body and the note."""
        return Discovery(**{f.name: getattr(self, f.name) for f in fields(Discovery)})

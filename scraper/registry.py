"""The portal registry (portals.json): who publishes where, and which hosts count as official."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

LEVELS = ("municipal", "district", "department", "provincial_department")
FAMILIES = (
    "epoint_govxxgk",
    "shanghai_gov_cms",
    "district_cms",
    "bespoke",
    "trs",
    "hanweb_jcms",
    "gkmlpt",
    "generic",
)
# How a portal's list rows and report bodies reach us (research/portal-protocols.md §0).
LIST_PROTOCOLS = ("static", "json_api", "xml_api", "rendered", "challenge")
DETAIL_PROTOCOLS = ("static", "rest", "rendered")
# A seen in a real page or response, B several crawlers agree, C one crawler, D a guess.
CONFIDENCE = ("A", "B", "C", "D")


class UnknownPortal(KeyError):
    """No portal with this slug is in the registry."""


class InvalidPortal(ValueError):
    """A registry entry lacks a protocol field or gives it a value outside the agreed set."""


@dataclass(frozen=True)
class Host:
    """`alias_of` marks an IP alias or bare domain serving the same pages as another host, so
    its URLs are rewritten before dedup; `legacy` hosts are old domains followed as they are."""

    host: str
    alias_of: str | None = None
    http_only: bool = False
    legacy: bool = False


@dataclass(frozen=True)
class Portal:
    slug: str
    name: str
    division_code: str
    level: str
    family: str
    start_urls: tuple[str, ...]
    hosts: tuple[Host, ...]
    verified: str
    list_protocol: str = "static"
    detail_protocol: str = "static"
    confidence: str = "D"
    live_check: str = ""
    politeness: dict[str, float] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def primary_host(self) -> str:
        return self.hosts[0].host

    def host(self, name: str) -> Host | None:
        name = name.lower().rstrip(".")
        return next((h for h in self.hosts if h.host == name), None)

    def canonical_url(self, url: str) -> str | None:
        """The one spelling of an official URL (alias host and scheme resolved, no fragment);
        None when the URL is not on an official host."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        entry = self.host(parts.hostname or "")
        if entry is None:
            return None
        if entry.alias_of:
            entry = self.host(entry.alias_of) or Host(entry.alias_of)
        scheme = "http" if entry.http_only else ("https" if not entry.legacy else parts.scheme)
        netloc = entry.host if parts.port in (None, 80, 443) else f"{entry.host}:{parts.port}"
        return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _check_protocol(raw: dict[str, Any]) -> None:
    legal = {"list_protocol": LIST_PROTOCOLS, "detail_protocol": DETAIL_PROTOCOLS, "confidence": CONFIDENCE}
    for key, values in legal.items():
        if raw.get(key) not in values:
            raise InvalidPortal(f"{raw.get('slug')}: {key} {raw.get(key)!r} is not one of {', '.join(values)}")
    if not str(raw.get("live_check") or "").strip():
        raise InvalidPortal(f"{raw.get('slug')}: no live_check")


def _portal(raw: dict[str, Any]) -> Portal:
    _check_protocol(raw)
    return Portal(
        slug=raw["slug"],
        name=raw["name"],
        division_code=raw["division_code"],
        level=raw["level"],
        family=raw["family"],
        start_urls=tuple(raw["start_urls"]),
        hosts=tuple(Host(**h) for h in raw["hosts"]),
        verified=raw["verified"],
        list_protocol=raw["list_protocol"],
        detail_protocol=raw["detail_protocol"],
        confidence=raw["confidence"],
        live_check=raw["live_check"],
        politeness=raw.get("politeness", {}),
        options=raw.get("options", {}),
    )


@cache
def load_portals() -> dict[str, Portal]:
    text = resources.files("scraper").joinpath("portals.json").read_text(encoding="utf-8")
    return {p["slug"]: _portal(p) for p in json.loads(text)["portals"]}


def get_portal(slug: str) -> Portal:
    try:
        return load_portals()[slug]
    except KeyError:
        raise UnknownPortal(slug) from None


def portal_for_url(url: str) -> Portal | None:
    """The registry portal whose official hosts include this URL's host."""
    return next((p for p in load_portals().values() if p.canonical_url(url)), None)


def adhoc_portal(slug: str, start_url: str) -> Portal:
    """A portal for the generic spider: the start URL's host is its only official host."""
    host = (urlsplit(start_url).hostname or "").lower()
    return Portal(
        slug=slug,
        name=host,
        division_code="",
        level="",
        family="generic",
        start_urls=(start_url,),
        hosts=(Host(host, http_only=start_url.startswith("http:")),),
        verified="unconfigured portal crawled by the generic spider",
        live_check="whether the start page links to the annual-report column at all",
    )

"""The network guard: a crawl reaches only public addresses on its own portal's hosts.

Every request (each redirect hop and meta refresh comes back through the downloader middlewares as
a new request, and so does robots.txt) is checked against every address its host resolves to.
Loopback, private, link-local, carrier-grade NAT, multicast, reserved, unspecified and
cloud-metadata addresses are refused unless `NIANBAO_ALLOW_PRIVATE` names them; a host the
spider's portal does not list is refused too. Each refusal is a `refused` event in crawl_log.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable, Mapping
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.internet.threads import deferToThread

from archive.catalog import record_crawl_event
from scraper.context import CrawlContext
from scraper.registry import load_portals

logger = logging.getLogger(__name__)

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network

SETTING = "NIANBAO_ALLOW_PRIVATE"
CLOUD_METADATA = frozenset({ip_address("169.254.169.254"), ip_address("fd00:ec2::254")})
CARRIER_GRADE_NAT = ip_network("100.64.0.0/10")
NAT64 = ip_network("64:ff9b::/96")


class BadAllowList(ValueError):
    """NIANBAO_ALLOW_PRIVATE holds something that is neither an address nor a network."""


class Unresolvable(OSError):
    """The host has no address (the system resolver failed)."""


def parse_allowed(text: str) -> tuple[Network, ...]:
    """`"127.0.0.1, 10.0.0.0/8"` → networks; an address is a one-address network."""
    networks = []
    for entry in filter(None, (part.strip() for part in text.split(","))):
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise BadAllowList(f"{SETTING}: {entry!r} is not an address or a network") from None
    return tuple(networks)


def embedded_ipv4(ip: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64): it reaches that IPv4 host."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_kind(ip: Address) -> str | None:
    """What kind of non-public address this is, or None for an ordinary public address."""
    if ip in CLOUD_METADATA:
        return "cloud-metadata"
    if isinstance(ip, IPv6Address) and (inner := embedded_ipv4(ip)) is not None:
        kind = address_kind(inner)
        return f"IPv4-in-IPv6 {kind}" if kind else None
    checks: tuple[tuple[bool, str], ...] = (
        (ip.is_loopback, "loopback"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_link_local, "link-local"),
        (isinstance(ip, IPv4Address) and ip in CARRIER_GRADE_NAT, "carrier-grade NAT"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (not ip.is_global, "non-public"),
    )
    return next((kind for hit, kind in checks if hit), None)


def system_resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise Unresolvable(f"{host} does not resolve ({exc})") from None
    # A scoped IPv6 address ("fe80::1%eth0") names its interface after the %.
    return tuple(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


class AddressPolicy:
    """Which addresses a crawl (or a rendered page's navigation) may reach."""

    def __init__(self, allowed: Iterable[Network] = (), resolve: Callable[[str], tuple[str, ...]] = system_resolve):
        self.allowed = tuple(allowed)
        self.resolve = resolve
        self._cache: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | Any) -> AddressPolicy:
        """From the setting, else the environment variable of the same name."""
        value = settings.get(SETTING) if settings is not None else None
        return cls(parse_allowed(str(value if value is not None else os.environ.get(SETTING, ""))))

    def resolved(self, host: str) -> bool:
        with self._lock:
            return host in self._cache

    def addresses(self, host: str) -> tuple[str, ...]:
        """Every address the host resolves to (cached; raises Unresolvable)."""
        with self._lock:
            if host in self._cache:
                return self._cache[host]
        found = self.resolve(host)
        with self._lock:
            self._cache[host] = found
        return found

    def address_refusal(self, address: str) -> str | None:
        ip = ip_address(address)
        if any(ip in net for net in self.allowed):
            return None
        kind = address_kind(ip)
        return f"{ip} is a {kind} address (not in {SETTING})" if kind else None

    def refusal(self, url: str) -> str | None:
        """Why this URL may not be fetched, or None. A host is refused if ANY of its addresses is
        (DNS rebinding answers with a public and a private address in turn)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme!r} is not fetched"
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return "no host in the URL"
        try:
            addresses = self.addresses(host)
        except Unresolvable as exc:
            return str(exc)
        reasons = [r for r in map(self.address_refusal, addresses) if r]
        return f"{host}: {reasons[0]}" if reasons else None


def portal_hosts(spider: Spider) -> frozenset[str] | None:
    """The host names a spider may visit: its portal's registered hosts, plus the local base URL a
    fixture crawl maps them onto; a sample spider keeps to its start URL's host. None: no rule."""
    site = getattr(spider, "site", None)
    hosts: set[str] = set()
    if site is None and (portal := load_portals().get(spider.name)) is not None:
        site = portal
    if site is not None:
        hosts.update(h.host for h in site.hosts)
    for attr in ("base", "start_url"):
        value = getattr(spider, attr, None)
        parts = urlsplit(value) if isinstance(value, str) else value
        if parts is not None and getattr(parts, "hostname", None):
            hosts.add(parts.hostname)
    return frozenset(h.lower().rstrip(".") for h in hosts) if hosts else None


def redirect_note(request: Request) -> str:
    previous = request.meta.get("redirect_urls") or []
    if not previous:
        return ""
    reason = (request.meta.get("redirect_reasons") or ["redirect"])[-1]
    how = f"HTTP {reason}" if isinstance(reason, int) else str(reason)
    return f" ({how} from {previous[-1]})"


class NetworkGuardMiddleware:
    """Priority 40, before robots.txt and archiving: a refused request is never sent."""

    def __init__(self, crawler: Crawler, policy: AddressPolicy) -> None:
        self.crawler = crawler
        self.policy = policy
        self._hosts: frozenset[str] | None = None
        self._hosts_known = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetworkGuardMiddleware:
        return cls(crawler, AddressPolicy.from_settings(crawler.settings))

    def hosts(self) -> frozenset[str] | None:
        if not self._hosts_known and self.crawler.spider is not None:
            self._hosts, self._hosts_known = portal_hosts(self.crawler.spider), True
        return self._hosts

    def off_portal(self, url: str) -> str | None:
        host = (urlsplit(url).hostname or "").rstrip(".")
        allowed = self.hosts()
        if allowed is None or host in allowed:
            return None
        return f"{host} is not one of the portal's hosts"

    async def process_request(self, request: Request) -> None:
        host = (urlsplit(request.url).hostname or "").rstrip(".")
        if host and not self.policy.resolved(host):
            try:
                await maybe_deferred_to_future(deferToThread(self.policy.addresses, host))
            except Unresolvable as exc:
                # A lookup failure is an ordinary network error: retried, not refused.
                raise DNSLookupError(str(exc)) from None
        reason = self.policy.refusal(request.url) or self.off_portal(request.url)
        if reason is not None:
            self.refuse(request, reason + redirect_note(request))

    def refuse(self, request: Request, reason: str) -> None:
        host = urlsplit(request.url).netloc
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("nianbao/refused")
        context = CrawlContext.existing(self.crawler)
        if context is not None:
            record_crawl_event(context.catalog, {
                "run_id": context.run.run_id, "spider": context.spider, "portal": context.portal,
                "event": "refused", "host": host, "url": request.url, "detail": reason,
            })
        logger.warning("refused %s: %s", request.url, reason)
        raise IgnoreRequest(f"refused {request.url}: {reason}")


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing a refused address at connection time: a host that answered the
    guard with a public address cannot rebind to a private one before the connection is made."""

    policy: AddressPolicy

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = AddressPolicy.from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:  # noqa: N802 - Twisted's name
        def check(address: str) -> str:
            if (reason := self.policy.address_refusal(address)) is not None:
                # Twisted reports any lookup failure as "no results": say here why it failed.
                logger.warning("refused to connect to %s: %s", name, reason)
                raise DNSLookupError(f"{name}: {reason}")
            return address

        return super().getHostByName(name, timeout).addCallback(check)

"""The network guard: non-public addresses and off-portal hosts are refused, logged, never archived."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path

import pytest

from archive.blobs import BlobStore
from archive.layout import Layout
from pipeline.runner import build
from scraper.netguard import AddressPolicy, BadAllowList, Unresolvable, address_kind, parse_allowed, portal_hosts
from scraper.spiders.sh_baoshan import ShBaoshanSpider
from tests.scraper_harness import REPO, catalog, crawl_command, crawl_env

SECRET = b"SECRET-ON-THE-SECOND-LOOPBACK-ADDRESS"


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.2", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"),
    ("169.254.169.254", "cloud-metadata"), ("fd00:ec2::254", "cloud-metadata"),
    ("100.64.0.1", "carrier-grade NAT"), ("100.127.255.254", "carrier-grade NAT"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
    ("::ffff:127.0.0.2", "IPv4-in-IPv6 loopback"), ("::ffff:169.254.169.254", "IPv4-in-IPv6 cloud-metadata"),
    ("2002:c0a8:0101::1", "IPv4-in-IPv6 private"), ("64:ff9b::10.0.0.1", "IPv4-in-IPv6 private"),
    ("8.8.8.8", None), ("202.96.209.133", None), ("2400:3200::1", None), ("::ffff:8.8.8.8", None),
    ("100.128.0.1", None),
])  # fmt: skip
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(ip_address(address)) == kind


def fake_resolver(table: dict[str, tuple[str, ...]]) -> AddressPolicy:
    return AddressPolicy(parse_allowed("127.0.0.1"), resolve=lambda host: table[host])


def test_only_the_named_private_addresses_are_allowed() -> None:
    policy = fake_resolver({"127.0.0.1": ("127.0.0.1",), "127.0.0.2": ("127.0.0.2",), "gov.example": ("8.8.8.8",)})
    assert policy.refusal("http://127.0.0.1:8000/a.html") is None
    assert policy.refusal("https://gov.example/nb/") is None
    reason = policy.refusal("http://127.0.0.2:8000/a.html")
    assert reason is not None and "loopback" in reason and "127.0.0.2" in reason
    assert AddressPolicy(parse_allowed("")).address_refusal("127.0.0.1") is not None
    assert AddressPolicy(parse_allowed("10.0.0.0/8, ::1")).address_refusal("10.9.9.9") is None
    assert AddressPolicy(parse_allowed("10.0.0.0/8, ::1")).address_refusal("::ffff:127.0.0.1") is not None


def test_a_host_with_any_refused_address_is_refused() -> None:
    # DNS rebinding: one public and one private answer for the same name.
    policy = fake_resolver({"rebind.example": ("8.8.8.8", "169.254.169.254")})
    reason = policy.refusal("http://rebind.example/")
    assert reason is not None and "cloud-metadata" in reason


def test_resolution_is_cached() -> None:
    calls: list[str] = []

    def resolve(host: str) -> tuple[str, ...]:
        calls.append(host)
        return ("8.8.8.8",)

    policy = AddressPolicy(resolve=resolve)
    assert policy.refusal("http://a.example/1") is None and policy.refusal("https://a.example/2") is None
    assert calls == ["a.example"]


def test_other_schemes_and_unresolvable_hosts_are_refused() -> None:
    def no_such_host(host: str) -> tuple[str, ...]:
        raise Unresolvable(f"{host} does not resolve")

    policy = AddressPolicy(resolve=no_such_host)
    assert "scheme" in (policy.refusal("file:///etc/passwd") or "")
    assert "does not resolve" in (policy.refusal("http://nothing.invalid/") or "")
    assert not policy.resolved("nothing.invalid")  # a failed lookup is asked again next time


def test_the_allow_list_is_read_from_settings_and_checked() -> None:
    assert AddressPolicy.from_settings({"NIANBAO_ALLOW_PRIVATE": "127.0.0.1,10.0.0.0/8"}).allowed == parse_allowed(
        "127.0.0.1, 10.0.0.0/8"
    )
    with pytest.raises(BadAllowList, match="localhost"):
        parse_allowed("127.0.0.1,localhost")


def test_a_fixture_crawl_may_visit_the_portal_hosts_and_its_local_base() -> None:
    spider = ShBaoshanSpider(start_url="http://127.0.0.1:8123/infoDirectory.html")
    hosts = portal_hosts(spider)
    assert hosts is not None and "127.0.0.1" in hosts and "xxgk.shbsq.gov.cn" in hosts and "101.230.193.164" in hosts


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(host: str, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[tuple[str, list[str]]]:
    handler = type("Routes", (Handler,), {"routes": routes, "seen": []})
    server = ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", handler.seen
    finally:
        server.shutdown()
        server.server_close()


def html(body: str, head: str = "") -> bytes:
    return f'<html><head><meta charset="utf-8"><title>t</title>{head}</head><body>{body}</body></html>'.encode()


def list_page(paths: list[str]) -> bytes:
    links = "".join(f'<tr><td><a href="{p}" title="宝山区{2020 + i}年政府信息公开工作年度报告">r</a></td></tr>'
                    for i, p in enumerate(paths))  # fmt: skip
    return html(f'<table class="info-list">{links}</table>')


@pytest.mark.parametrize("spider", ["sample_portal", "generic"])
def test_redirects_and_meta_refreshes_to_other_addresses_or_hosts_are_refused(tmp_path: Path, spider: str) -> None:
    """127.0.0.2 is refused for its address; 127.0.0.3, although allowed, because it is not the portal's host."""
    secret = (200, {}, SECRET)
    with (
        serve("127.0.0.2", {"/secret-302.html": secret, "/secret-refresh.html": secret}) as (other, other_seen),
        serve("127.0.0.3", {"/secret-offsite.html": secret}) as (offsite, offsite_seen),
    ):
        routes = {
            "/list.html": (200, {}, list_page(["/redirect.html", "/refresh.html", "/offsite.html"])),
            "/redirect.html": (302, {"Location": f"{other}/secret-302.html"}, b""),
            "/refresh.html": (200, {}, html("", f'<meta http-equiv="refresh" content="0; url={other}/secret-refresh.html">')),
            "/offsite.html": (302, {"Location": f"{offsite}/secret-offsite.html"}, b""),
        }  # fmt: skip
        with serve("127.0.0.1", routes) as (base, seen):
            env = {**crawl_env(), "NIANBAO_ALLOW_PRIVATE": "127.0.0.1,127.0.0.3"}
            done = subprocess.run(crawl_command(tmp_path, f"{base}/list.html", spider=spider), cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert other_seen == [] and offsite_seen == []
    assert {"/list.html", "/redirect.html", "/refresh.html", "/offsite.html"} <= set(seen)
    db = catalog(tmp_path)
    refused = {r["url"]: r for r in db.query("select * from crawl_log where event = 'refused'")}
    assert set(refused) == {f"{other}/secret-302.html", f"{other}/secret-refresh.html", f"{offsite}/secret-offsite.html"}
    assert "loopback" in refused[f"{other}/secret-302.html"]["detail"]
    assert f"HTTP 302 from {base}/redirect.html" in refused[f"{other}/secret-302.html"]["detail"]
    assert f"meta refresh from {base}/refresh.html" in refused[f"{other}/secret-refresh.html"]["detail"]
    assert "127.0.0.3 is not one of the portal's hosts" in refused[f"{offsite}/secret-offsite.html"]["detail"]
    assert {r["host"] for r in refused.values()} == {other.split("//")[1], offsite.split("//")[1]}
    fetched = [r["url"] for r in db.query("select url from fetches")] + [r["url"] for r in db.query("select url from documents")]
    assert not [u for u in fetched if "secret" in u]
    layout = Layout(tmp_path)
    build(layout, jobs=1)
    blobs = BlobStore(layout.blobs_dir)
    assert not [name for name in blobs if SECRET in blobs.get(name)]
    assert SECRET not in layout.db_path.read_bytes()


def test_the_resolver_refuses_at_connection_time_what_the_check_would(tmp_path: Path) -> None:
    """DNS rebinding: a host may answer the guard's lookup with a public address and the
    connection's with a private one. With the request check switched off, the resolver still refuses."""
    without_check = '{"scraper.netguard.NetworkGuardMiddleware": null}'
    with serve("127.0.0.1", {"/list.html": (200, {}, list_page([]))}) as (base, seen):
        start = base.replace("127.0.0.1", "localhost") + "/list.html"
        command = crawl_command(tmp_path, start, "-s", f"DOWNLOADER_MIDDLEWARES={without_check}", "-s", "RETRY_ENABLED=0")
        env = {**crawl_env(), "NIANBAO_ALLOW_PRIVATE": "127.0.0.2"}
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert seen == []
    assert "refused to connect to localhost: 127.0.0.1 is a loopback address" in done.stderr

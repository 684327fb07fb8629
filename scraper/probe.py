"""`python -m scraper.probe URL`: which family a page looks like, the report links the matching
spider follows from it, and the bytes of the first report (for `nianbao probe` to read).

The probe is a smoke crawl (scraper/smoke.py) of one URL with the usual politeness, robots.txt,
challenge check and archive; the archive is a throwaway directory unless `--archive` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from twisted.python.failure import Failure

from archive.blobs import BlobStore
from archive.catalog import open_catalog, utc_now
from archive.layout import Layout
from scraper.archiving import RENDERING, decoded_body
from scraper.context import CrawlContext
from scraper.pages import link_rows
from scraper.platforms.base import ANY, PortalSpider, looks_like_report
from scraper.platforms.epoint import EpointSpider
from scraper.platforms.gkmlpt import GkmlptSpider
from scraper.platforms.hanweb import HanwebSpider
from scraper.platforms.trs import TrsSpider
from scraper.protocols.markers import Verdict, classify
from scraper.protocols.rendered import enable_rendering, render_meta, render_scope
from scraper.registry import Portal, adhoc_portal, get_portal, portal_for_url
from scraper.smoke import PAGE_LIMIT, SmokeState
from scraper.spiders.generic import GenericSpider

FAMILY_SPIDERS: dict[str, type[PortalSpider]] = {
    "epoint": EpointSpider, "trs": TrsSpider, "hanweb": HanwebSpider, "gkmlpt": GkmlptSpider,
}  # fmt: skip


class AdhocSite:
    """For a family spider on a page of no registered portal: the page's host is the portal's;
    a gkmlpt category is named in the fragment (`annualreport#2629`)."""

    def load_site(self, start_url: str | None, kwargs: dict[str, Any]) -> Portal:
        portal = adhoc_portal("probe", start_url or "")
        fragment = kwargs.get("fragment") or ""
        return replace(portal, options={"catid": fragment} if fragment.isdigit() else {})


def spider_for(verdict: Verdict, portal: Portal | None) -> type[PortalSpider]:
    if portal is not None:
        return SpiderLoader.from_settings(get_project_settings()).load(portal.slug)  # type: ignore[no-any-return]
    base = FAMILY_SPIDERS.get(verdict.family)
    if base is None:
        return GenericSpider
    return type(f"Probe{base.__name__}", (AdhocSite, base), {"name": "probe"})


def static_rows(body: bytes, url: str) -> int:
    rows = link_rows(Selector(text=body.decode("utf-8", "replace")), url, ANY)
    return sum(1 for row in rows if looks_like_report(row.title))


class ProbeSpider(Spider):
    name = "probe"

    def __init__(self, url: str, portal: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.portal = get_portal(portal) if portal else portal_for_url(url)
        self.verdict: Verdict | None = None
        self.status: int | None = None
        self.delegate: PortalSpider | None = None

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if settings.getbool("NIANBAO_RENDER"):
            enable_rendering(settings)

    async def start(self) -> AsyncIterator[Request]:
        meta: dict[str, Any] = {"handle_httpstatus_all": True}
        if self.settings.getbool("NIANBAO_RENDER") or (self.portal and "list" in render_scope(self.portal)):
            hosts = [h.host for h in self.portal.hosts] if self.portal else []
            meta.update(render_meta([*hosts, urlsplit(self.url).hostname or ""]))
        yield Request(self.url, callback=self.parse_start, errback=self.failed, meta=meta)

    def raw_body(self, response: Response) -> bytes:
        """What the server sent: a rendered response is classified by the page it was built from."""
        context = CrawlContext.existing(self.crawler)
        if RENDERING in response.meta and context is not None:
            return context.blobs.get(response.meta[RENDERING]["sha256"])
        return response.body

    def parse_start(self, response: Response) -> Iterator[Any]:
        raw = self.raw_body(response)
        self.status = response.status
        self.verdict = classify(response.status, dict(response.headers.items()), raw, static_rows(raw, response.url))
        if response.status >= 400 or self.verdict.family == "challenge":
            return
        spidercls = spider_for(self.verdict, self.portal)
        args = {"start_url": self.url, "fragment": urlsplit(self.url).fragment}
        if spidercls.name == "generic":
            args["portal"] = self.portal.slug if self.portal else "probe"
        self.delegate = spidercls(**args)
        self.delegate.crawler = self.crawler
        self.delegate.settings = self.settings
        entry = getattr(self.delegate, "parse_entry", None) or self.delegate.parse_list
        yield from entry(response)

    def closed(self, reason: str) -> None:
        # The probe runs on Scrapy's own scheduler (the delegate's callbacks cannot be pickled
        # into the frontier, and a probe is never resumed), so the run is closed here.
        if (context := CrawlContext.existing(self.crawler)) is not None:
            context.finish(reason)

    def failed(self, failure: Failure) -> None:
        """A challenge never reaches a callback: it is read back from the archive."""
        context = CrawlContext.existing(self.crawler)
        row = next(iter(context.catalog.query(
            "select status, headers, sha256 from fetches where url = ? order by id desc limit 1", [self.url])), None) if context else None  # fmt: skip
        if row is None:
            message = failure.getErrorMessage()
            if "robots.txt" in message:
                message = "robots.txt forbids this URL to our User-Agent: not fetched"
            self.verdict = Verdict("unknown", "unknown", (message,))
            return
        headers = {k.encode(): [v.encode("latin-1", "replace")] for k, v in json.loads(row["headers"] or "{}").items()}
        body = context.blobs.get(row["sha256"]) if context and row["sha256"] else b""
        self.status = row["status"]
        self.verdict = classify(row["status"], headers, body, 0)


def first_report_files(layout: Layout, report_url: str | None, out: Path, since: str) -> list[dict[str, Any]]:
    """The first report's page and attachments as this probe saw them (not older versions held
    in the archive), copied out of the blob store for the pipeline."""
    if not report_url:
        return []
    blobs, files = BlobStore(layout.blobs_dir), []
    rows = open_catalog(layout.catalog_path).query(
        "select sha256, url, role, title, content_type from documents where (url = ? or parent_url = ?) "
        "and last_seen_at >= ? order by role desc, url", [report_url, report_url, since])  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    for n, row in enumerate(rows):
        name = PurePosixPath(unquote(urlsplit(row["url"]).path)).name or "index.html"
        path = out / f"{n}-{name}"[-120:]
        path.write_bytes(blobs.get(row["sha256"]))
        files.append({**row, "path": str(path)})
    return files


def probe(url: str, data: Path, out: Path, portal: str | None, settings: dict[str, Any]) -> dict[str, Any]:
    os.environ["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    from scrapy.crawler import CrawlerProcess

    project = get_project_settings()
    project.setdict({"NIANBAO_DATA": str(data), "NIANBAO_FRESH_RUN": True, "NIANBAO_SMOKE": True,
                     "CLOSESPIDER_PAGECOUNT": PAGE_LIMIT, "SCHEDULER": "scrapy.core.scheduler.Scheduler",
                     **settings}, priority="cmdline")  # fmt: skip
    known = get_portal(portal) if portal else portal_for_url(url)
    if known and render_scope(known):
        enable_rendering(project)
    if known and known.politeness:
        slots = {h.host: {"concurrency": 1, **known.politeness} for h in known.hosts}
        project.set("DOWNLOAD_SLOTS", slots, priority="cmdline")
    process = CrawlerProcess(project)
    started_at = utc_now()
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, url=url, portal=portal)
    process.start()
    spider: ProbeSpider = crawler.spider  # type: ignore[assignment]
    stats = crawler.stats.get_stats() if crawler.stats else {}
    state = SmokeState.of(crawler)
    verdict = spider.verdict or Verdict("unknown", "unknown", ("the page could not be fetched",))
    return {
        "url": url, "status": spider.status, "family": verdict.family, "protocol": verdict.protocol,
        "reasons": list(verdict.reasons), "portal": spider.portal.slug if spider.portal else None,
        "spider": type(spider.delegate).__name__.removeprefix("Probe") if spider.delegate else None,
        "list_url": state.list_url, "links": state.row_urls, "report_url": state.report_url,
        "report_title": stats.get("nianbao/smoke/report_title"),
        "blocked": sorted(k.removeprefix("nianbao/blocked/") for k in stats if k.startswith("nianbao/blocked/")),
        "files": first_report_files(Layout(data), state.report_url, out, started_at),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "offsite_links": int(stats.get("nianbao/links/offsite", 0)),
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scraper.probe", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for `nianbao probe`)")
    parser.add_argument("--archive", action="store_true", help="keep what is fetched in the archive (default: nothing is kept)")
    parser.add_argument("--data", help="data directory for --archive (default: $NIANBAO_DATA or ./data)")
    parser.add_argument("--portal", help="probe with this registered portal's spider (e.g. for a local copy)")
    parser.add_argument("--render", action="store_true", help="read the page through Chromium")
    parser.add_argument("--out", help="where the first report's files are written (default: a new temporary directory)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="KEY=VALUE", help="Scrapy setting")
    args = parser.parse_args(argv)
    settings = dict(s.split("=", 1) for s in args.settings) | ({"NIANBAO_RENDER": True} if args.render else {})
    out = Path(args.out or tempfile.mkdtemp(prefix="nianbao-probe-"))
    scratch = None if args.archive else Path(tempfile.mkdtemp(prefix="nianbao-probe-data-"))
    try:
        result = probe(args.url, scratch or Layout.from_env(args.data).root, out, args.portal, settings)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{result['url']}: {result['family']} ({result['protocol']}); " + "; ".join(result["reasons"]))
        for link in result["links"]:
            print(f"  {link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

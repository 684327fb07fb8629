"""Scrapy settings for nianbao: polite to government hosts, every byte archived."""

from __future__ import annotations

import os

from scraper import __version__

BOT_NAME = "nianbao"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

USER_AGENT = (
    f"nianbao/{__version__} (+https://github.com/nianbao/nianbao; open archive of government annual reports)"
)
ROBOTSTXT_OBEY = True

# One request at a time per host and a real pause between them; the demo and the tests set
# NIANBAO_DOWNLOAD_DELAY=0 because they crawl a portal on 127.0.0.1.
DOWNLOAD_DELAY = float(os.environ.get("NIANBAO_DOWNLOAD_DELAY", "2"))
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Shanghai portals answer slowly from abroad (~15 s a page was seen); reports can be big PDFs.
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
RETRY_TIMES = 2

# The archive decodes gzip/deflate itself to store the document bytes, so ask for nothing else.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9",
    "Accept-Encoding": "gzip, deflate",
}

# The resolver is Scrapy's default (CachingThreadedResolver, IPv4 only, which .gov.cn hosts need:
# they publish AAAA records but do not answer over IPv6 from abroad), made to refuse private addresses.
TWISTED_DNS_RESOLVER = "scraper.netguard.GuardedResolver"
# Addresses or networks outside the public internet that a crawl may reach (comma-separated; the
# demo and the tests name 127.0.0.1). Everything else non-public is refused by scraper.netguard.
NIANBAO_ALLOW_PRIVATE = os.environ.get("NIANBAO_ALLOW_PRIVATE", "")
# No listening ports: a crawler of government sites has no business accepting connections.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("NIANBAO_LOG_LEVEL", "INFO")

# Archive every exchange right next to the downloader, so redirects, errors and robots.txt
# are kept exactly as they came over the wire.
# Revisit (945) adds conditional headers before the archive records the request, and turns 304s
# back into the held page after the archive recorded the 304; blocked-host detection (940) sees
# a challenge only once it is archived. The network guard (40) comes first of all, before
# robots.txt, so a refused address or host is never contacted.
DOWNLOADER_MIDDLEWARES = {
    "scraper.netguard.NetworkGuardMiddleware": 40,
    "scraper.archiving.ArchiveMiddleware": 950,
    "scraper.revisit.RevisitMiddleware": 945,
    "scraper.blocking.BlockedHostMiddleware": 940,
    # Sees an archived, unchallenged answer and, for a page that asks for it, sends it to the browser.
    "scraper.protocols.rendered.RenderMiddleware": 935,
    # First in line, so what a smoke crawl drops never reaches robots.txt or the network.
    "scraper.smoke.SmokeDownloaderMiddleware": 50,
}
# Outermost spider middleware, so it sees exactly what reaches the engine.
SPIDER_MIDDLEWARES = {
    "scraper.frontier.FrontierProgressMiddleware": 10,
    "scraper.smoke.SmokeSpiderMiddleware": 20,
}
# The frontier and seen set live in SQLite under <data>/state/, which makes a killed crawl resumable.
SCHEDULER = "scraper.frontier.FrontierScheduler"
ITEM_PIPELINES = {
    "scraper.pipelines.DocumentPipeline": 300,
}

# Data directory: the NIANBAO_DATA setting, else the NIANBAO_DATA environment variable, else ./data.
NIANBAO_DATA = os.environ.get("NIANBAO_DATA", "")
# Start a new run even if the spider's last one was interrupted (its WARC files are repaired).
NIANBAO_FRESH_RUN = False
NIANBAO_WARC_MAX_SIZE = 1 << 30
# Read every HTML page of this crawl through Chromium (portals ask for it in the registry:
# "render": true, list_protocol/detail_protocol "rendered"). NIANBAO_CHROMIUM: the browser binary.
NIANBAO_RENDER = False
# Stop after the first list page and the first report (`crawl_all --smoke`); see scraper/smoke.py.
NIANBAO_SMOKE = False
NIANBAO_CHROMIUM = os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium")

"""Run several spiders in one process and write what each yields as JSON (a test helper).

    python -m tests.portal_crawl SPEC.json   # SPEC: [{"spider", "args", "out"}, …]
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from scraper.items import DerivedDocument

TEST_SETTINGS = {
    "SPIDER_MODULES": ["scraper.spiders"],
    "DOWNLOAD_DELAY": 0,
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_ENABLED": False,
    # One request at a time per crawl, so duplicate resolution sees rows in page order.
    "CONCURRENT_REQUESTS": 1,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
}


def collect(crawler: Crawler, items: list[dict[str, Any]]) -> None:
    def scraped(item: object) -> None:
        row = asdict(item)  # type: ignore[call-overload]
        if isinstance(item, DerivedDocument):
            del row["body"]  # its SHA-256 is in the row; the golden says where it was cut from
        items.append(row)

    crawler.signals.connect(scraped, signal=signals.item_scraped, weak=False)


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    settings = Settings()
    settings.setdict(TEST_SETTINGS, priority="cmdline")
    process = CrawlerProcess(settings)
    runs = []
    for job in spec:
        crawler = process.create_crawler(job["spider"])
        items: list[dict[str, Any]] = []
        collect(crawler, items)
        process.crawl(crawler, **job["args"])
        runs.append((job, crawler, items))
    process.start()
    for job, crawler, items in runs:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        result = {"items": items, "stats": {k: v for k, v in stats.items() if isinstance(v, int | str)}}
        Path(job["out"]).write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

"""CLI: run one spider in-process with the project settings and print what it archived."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def pairs(values: Sequence[str], flag: str, parser: argparse.ArgumentParser) -> dict[str, str]:
    result = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            parser.error(f"{flag} expects KEY=VALUE, got {value!r}")
        result[key] = rest
    return result


def summary(spider: str, stats: dict[str, Any]) -> str:
    def get(key: str) -> int:
        return int(stats.get(key, 0))

    line = (
        f"{spider}: {stats.get('finish_reason', 'not finished')}; "
        f"documents found {get('nianbao/documents/found')}, stored {get('nianbao/documents/stored')} "
        f"({get('nianbao/documents/new')} new, {get('nianbao/documents/version')} new versions); "
        f"fetches stored {get('nianbao/fetches/stored')} ({get('nianbao/revisit/not_modified')} not modified), "
        f"new blobs {get('nianbao/blobs/new')}; "
        f"errors {get('log_count/ERROR')}"
    )
    blocked = sorted(k.removeprefix("nianbao/blocked/") for k in stats if k.startswith("nianbao/blocked/"))
    return line + (f"; blocked hosts: {', '.join(blocked)}" if blocked else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scraper.crawl",
        description="Run one nianbao spider, archiving every response under the data directory.",
    )
    parser.add_argument("spider", help="spider name, e.g. sample_portal")
    parser.add_argument("--data", help="data directory (default: $NIANBAO_DATA or ./data)")
    parser.add_argument("-a", dest="spider_args", action="append", default=[], metavar="KEY=VALUE",
                        help="spider argument, e.g. -a start_url=http://127.0.0.1:8000/")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                        help="Scrapy setting override, e.g. -s DOWNLOAD_DELAY=0")
    parser.add_argument("--stats-file", help="write the crawl's Scrapy stats to this JSON file when it ends")
    parser.add_argument("--fresh", action="store_true",
                        help="start a new run even if the last one was interrupted (default: resume it)")
    args = parser.parse_args(argv)
    spider_args = pairs(args.spider_args, "-a", parser)
    overrides = pairs(args.settings, "-s", parser)

    # Imported late so SCRAPY_SETTINGS_MODULE is set before Scrapy reads it.
    os.environ["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    if args.data:
        settings.set("NIANBAO_DATA", args.data, priority="cmdline")
    settings.setdict(overrides, priority="cmdline")
    if args.fresh:
        settings.set("NIANBAO_FRESH_RUN", True, priority="cmdline")
    process = CrawlerProcess(settings)
    try:
        crawler = process.create_crawler(args.spider)
    except KeyError:
        print(f"unknown spider {args.spider!r}; known: {', '.join(process.spider_loader.list())}", file=sys.stderr)
        return EXIT_USAGE
    failures: list[str] = []
    process.crawl(crawler, **spider_args).addErrback(lambda failure: failures.append(failure.getErrorMessage()))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(summary(args.spider, stats))
    if args.stats_file:
        Path(args.stats_file).write_text(json.dumps(stats, default=str, indent=1, sort_keys=True))
    for failure in failures:
        print(f"{args.spider}: failed: {failure}", file=sys.stderr)
    ok = not failures and stats.get("finish_reason") == "finished" and not stats.get("log_count/ERROR")
    return EXIT_OK if ok else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())

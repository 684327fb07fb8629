"""Epoint WebBuilder (静安, 松江, 崇明, 虹口, 宝山): static govxxgk pages (`govxxgk`), the script
side of WebBuilder sites (`webbuilder`: site config, list API rows, shells) and the spider."""

from scraper.platforms.epoint.govxxgk import EpointRow, epoint_detail_url, epoint_last_page, epoint_rows
from scraper.platforms.epoint.spider import EpointSpider

__all__ = ["EpointRow", "EpointSpider", "epoint_detail_url", "epoint_last_page", "epoint_rows"]

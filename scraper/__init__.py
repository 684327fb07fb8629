"""Scrapy spiders that find annual reports on government portals and archive every byte."""

__version__ = "0.1.0"

"""A small fake district portal of annual reports, for the demo and the offline tests."""

from scraper.sample_portal.server import SITE_DIR, serve_sample_portal

__all__ = ["SITE_DIR", "serve_sample_portal"]

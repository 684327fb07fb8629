"""Demo spider for the sample portal's 长宁-style district CMS column (`<column>/YYYY/DDD/ID.html`, PDF attachments)."""

from __future__ import annotations

from scrapy.http import Response

from scraper.spiders.sample_portal import SampleListSpider


class SamplePortalCmsSpider(SampleListSpider):
    name = "sample_portal_cms"
    portal = "sample_portal_cms"
    list_link_css = "ul.list a"
    title_css = "#ivs_title ::text"

    def page_meta(self, response: Response) -> dict[str, str]:
        """"发文机构：…", "发布日期：…" spans; 发文机构 is filed under 发布机构 like the other family."""
        pairs = (span.split("：", 1) for span in response.css(".xxgk-info span::text").getall() if "：" in span)
        return {("发布机构" if k.strip() == "发文机构" else k.strip()): v.strip() for k, v in pairs}

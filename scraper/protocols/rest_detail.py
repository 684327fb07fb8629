"""REST-detail pages: the detail URL is a script shell and its body comes from an API call.

The shell page is archived as a `page`; the API exchange is archived like any other response
(WARC, blob, `fetches` row with its method); the report itself is the HTML held in one field of
that JSON, stored as its own blob (role `report`) so that extraction runs offline from stored
bytes like for any HTML page. Its URL is the shell URL with the field path as fragment
(`…/uuid.html#custom.infoContent`): unique per report, what a reader opens in a browser, and the
provenance note says which field of which exchange it was cut from. Attachments are followed
from links in that HTML and from the attachment fields of the JSON.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy import Request
from scrapy.http import Response, TextResponse

from scraper.items import DerivedDocument
from scraper.pages import ListRow, attachment_links, text_of
from scraper.platforms.base import Output, PortalSpider
from scraper.protocols.json_reply import encode_body, field
from scraper.titles import ReportInfo, clean_text, describe_report, heading_agency, parse_date

logger = logging.getLogger(__name__)

Encoding = Literal["json", "form", "params"]
FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"
URL_KEYS = ("attachurl", "url", "fileurl", "filepath", "path")
NAME_KEYS = ("attachname", "name", "filename", "title")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def api_request(url: str, payload: dict[str, Any], encoding: Encoding, referer: str, *,
                content_type: str | None = None, accept: str = "application/json, text/plain, */*",
                xhr: bool = True, **kwargs: Any) -> Request:
    """A POST as the portal's own script sends it: `json` is a raw JSON body, `form` plain
    form fields, `params` the Epoint convention of one form field `params=<JSON>`."""
    if encoding == "json":
        body, default_type = encode_body(payload, "json"), "application/json"
    else:
        body, default_type = encode_body({"params": payload} if encoding == "params" else payload, "form"), FORM_TYPE
    headers = {"Content-Type": content_type or default_type, "Accept": accept, "Referer": referer,
               "Origin": origin_of(url)}
    if xhr:
        headers["X-Requested-With"] = "XMLHttpRequest"
    return Request(url, method="POST", body=body, headers=headers, **kwargs)


def first_field(data: Any, paths: tuple[str, ...]) -> tuple[str, str] | None:
    """(path, value) of the first path holding a non-empty string."""
    for path in paths:
        value = field(data, path)
        if isinstance(value, str) and value.strip():
            return path, value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return path, str(value)
    return None


def linked_files(data: Any, paths: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(href, name) from fields holding a path (`attrs.zwPDFUrl`) or a list of file objects
    (`pdflist[]` of `{attachname, attachurl}`)."""
    for path in paths:
        value = field(data, path)
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, str) and entry.strip():
                yield entry.strip(), ""
            elif isinstance(entry, dict):
                href = next((entry[k] for k in URL_KEYS if isinstance(entry.get(k), str) and entry[k]), None)
                name = next((entry[k] for k in NAME_KEYS if isinstance(entry.get(k), str) and entry[k]), "")
                if href:
                    yield href.strip(), clean_text(name)


class RestDetailSpider(PortalSpider):
    """Subclasses say when a detail page is a shell (`detail_request`) and where the response
    keeps the body, title, date, agency and files (dotted paths, first non-empty wins)."""

    body_fields: tuple[str, ...] = ()
    title_fields: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ()
    agency_fields: tuple[str, ...] = ()
    attachment_fields: tuple[str, ...] = ()

    def detail_request(self, response: TextResponse, **cb_kwargs: Any) -> Request | None:
        """The API call that fills this page, with `parse_detail_api` as callback and the given
        cb_kwargs; None when the page carries its own body (it is then read as a static page)."""
        return None

    def parse_report(self, response: Response, row: ListRow | None = None, role: str = "report") -> Output:
        call = None
        if isinstance(response, TextResponse):
            call = self.detail_request(response, row=row, role=role, shell_url=response.url)
        if call is None:
            yield from super().parse_report(response, row, role)
            return
        self.count("nianbao/rest_detail/shells")
        yield self.discovery(response, "page", title=(row.title if row else None) or None)
        yield call

    def parse_detail_api(self, response: Response, row: ListRow | None, role: str, shell_url: str) -> Output:
        data = self.api_data(response)
        found = first_field(data, self.body_fields) if data is not None else None
        if found is None:
            yield from self.file_only(data, row, role, shell_url, response.url)
            return
        path, html = found
        info = self.read_api_report(data, html, row)
        if info.year_conflict:
            self.count("nianbao/reports/year_conflict")
            logger.warning("%s: title and 统计期限 disagree; report year %s", shell_url, info.report_year)
        if role == "report" and self.is_duplicate(info.agency, info.report_year, shell_url):
            role = "page"
        yield self.derived(response, shell_url, path, html, role, info)
        if role != "report":
            return
        for url, text in self.api_attachments(data, html, shell_url):
            request = self.request(url, self.parse_attachment, parent=info, parent_url=f"{shell_url}#{path}",
                                   link_text=text)
            if request is not None:
                request.headers.setdefault("Referer", shell_url)
                yield request

    def file_only(self, data: Any, row: ListRow | None, role: str, shell_url: str, api_url: str) -> Output:
        """No HTML body: a PDF-only item (Epoint `infotype: pdf`) is its first file, read as a
        report file like a list row linking straight to a PDF; nothing at all is only logged."""
        files = [(urljoin(shell_url, href), name) for href, name in linked_files(data, self.attachment_fields)]
        if not files:
            self.count("nianbao/rest_detail/no_body")
            logger.warning("%s: no body in %s (tried %s)", shell_url, api_url, ", ".join(self.body_fields))
            return
        self.count("nianbao/rest_detail/file_only")
        title, published = self.api_title_and_date(data, row)
        (first_url, first_name), rest = files[0], files[1:]
        first_row = ListRow(first_url, title or first_name, published)
        requests = [self.request(first_url, self.parse_report_file, row=first_row, role=role)]
        parent = describe_report(title, published_on=published)
        requests += [self.request(url, self.parse_attachment, parent=parent, parent_url=first_url, link_text=name)
                     for url, name in rest] if role == "report" else []
        for request in requests:
            if request is not None:
                request.headers.setdefault("Referer", shell_url)
                yield request

    def api_data(self, response: Response) -> Any:
        try:
            data = json.loads(response.body)
        except ValueError:
            self.count("nianbao/rest_detail/not_json")
            logger.warning("%s: the detail API did not answer JSON", response.url)
            return None
        if isinstance(data, dict) and data.get("success") is False:
            # 奉贤's client treats `success: false` as an error answer, whatever else it holds.
            self.count("nianbao/rest_detail/refused")
            return None
        return data

    def read_api_report(self, data: Any, html: str, row: ListRow | None) -> ReportInfo:
        body = text_of(Selector(text=html))
        title, published = self.api_title_and_date(data, row)
        agency = (first_field(data, self.agency_fields) or ("", ""))[1] or None
        return describe_report(title, body, published, (agency, heading_agency(body)))

    def api_title_and_date(self, data: Any, row: ListRow | None) -> tuple[str, str | None]:
        """The response's own title and date, else the list row's."""
        title = clean_text((first_field(data, self.title_fields) or ("", ""))[1]) or (row.title if row else "")
        published = parse_date((first_field(data, self.date_fields) or ("", ""))[1])
        return title, published or (row.published_on if row else None)

    def api_attachments(self, data: Any, html: str, base_url: str) -> list[tuple[str, str]]:
        found = dict(attachment_links(Selector(text=html), base_url))
        for href, name in linked_files(data, self.attachment_fields):
            found.setdefault(urljoin(base_url, href), name or href.rsplit("/", 1)[-1])
        return list(found.items())

    def derived(self, response: Response, shell_url: str, path: str, html: str, role: str,
                info: ReportInfo) -> DerivedDocument:
        body = html.encode("utf-8")
        self.count(f"nianbao/discovered/{role}")
        method = response.request.method if response.request else "GET"
        source = f"field {path} of {hashlib.sha256(response.body).hexdigest()} ({method} {response.url})"
        return DerivedDocument(
            url=f"{shell_url}#{path}", portal=self.site.slug, role=role, sha256=hashlib.sha256(body).hexdigest(),
            content_type="text/html; charset=utf-8", size=len(body), parent_url=shell_url,
            body=body, derived_from=source, **self.report_fields(info))

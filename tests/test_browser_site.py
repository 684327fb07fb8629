"""The charts and the report page in a real headless Chromium (Debian's), asserting on what is drawn
and shown; screenshots go to $NIANBAO_ARTIFACTS (or the test's temporary folder)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from archive.layout import Layout
from archive.publish import make_datasette
from tests.test_datasette_sample import Sample, _sample_template  # noqa: F401  (fixtures)
from tests.test_revisions import replaced  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (make system installs it)")
sync_api = pytest.importorskip("playwright.sync_api")

# What each chart must show once drawn: its legend or axis labels, from the sample's figures.
CHARTS = {
    "requests_by_district": ("上海市宝山区人民政府", "上海市静安区人民政府", "2022"),
    "outcome_mix": ("公开 granted", "不予处理 rejected", "2020"),
    "correction_rates": ("行政复议 reviews", "2022"),
    "check_failures": ("上海市宝山区人民政府", "Failing reports"),
    "timeliness": ("on time", "late", "date unknown", "2018"),
}
_MARKS = "svg.marks g[class*='role-mark'] path, svg.marks g[class*='role-mark'] rect"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def _serving(layout: Layout) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(make_datasette(layout).app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(_sample_template: Sample) -> Iterator[str]:
    with _serving(_sample_template.layout) as base:
        yield base


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NIANBAO_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def _page(browser: Any, site: str, outside: list[str]) -> Any:
    """A page that may fetch from the test's own server only; anything else is refused and noted."""
    page = browser.new_page(viewport={"width": 1400, "height": 1200})

    def route(r: Any) -> None:
        if r.request.url.startswith(site):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page


def test_every_chart_is_drawn_offline(browser: Any, site: str, artifacts: Path) -> None:
    outside: list[str] = []
    page = _page(browser, site, outside)
    page.goto(f"{site}/-/dashboards/overview")
    for chart in CHARTS:
        page.wait_for_selector(f"#chart-{chart} svg.marks", timeout=15_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "dashboard-overview.png"), full_page=True)
    for chart, labels in CHARTS.items():
        drawn = page.locator(f"#chart-{chart}")
        assert drawn.is_visible()
        assert drawn.locator(_MARKS).count() > 0, f"{chart} drew no marks"
        text = drawn.text_content() or ""
        assert all(label in text for label in labels), (chart, text)
    assert page.locator("#card-requests_by_district .dashboard-card-title").is_visible()
    assert page.locator("#card-data a").count() == len(CHARTS)
    assert outside == [], "the dashboard fetched from outside the site"
    page.close()


def test_report_page_shows_tables_failing_cells_and_citation(
    browser: Any, site: str, artifacts: Path, _sample_template: Sample  # noqa: F811
) -> None:
    outside: list[str] = []
    page = _page(browser, site, outside)
    seed = _sample_template.seed
    page.goto(f"{site}/-/report/{seed.sha256}")
    assert page.get_by_role("heading", name=seed.title).is_visible()
    cite = page.locator("#cite")
    assert cite.is_visible() and seed.sha256 in cite.inner_text() and "Dataset version" in cite.inner_text()
    failing = page.locator("td.failing[data-row='new_received'][data-column='total']")
    assert failing.is_visible() and failing.inner_text() == "2"
    color = failing.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(255, 215, 215)", color
    assert page.locator(".nianbao-other-years a", has_text="2022").is_visible()
    page.screenshot(path=str(artifacts / "report-page.png"), full_page=True)
    assert outside == []
    page.close()


def test_a_replaced_report_shows_both_values_and_links_its_versions(
    browser: Any, artifacts: Path, replaced: tuple[Layout, str, str]  # noqa: F811
) -> None:
    layout, first, second = replaced
    outside: list[str] = []
    with _serving(layout) as base:
        page = _page(browser, base, outside)
        page.goto(f"{base}/-/report/{second}")
        section = page.locator("#revisions")
        assert section.is_visible()
        assert "Replaced by the portal on 2023-05-20" in section.locator("h3").inner_text()
        cell = section.locator("tr.revision[data-row='granted'][data-column='natural_person']")
        assert (cell.locator("td.old").inner_text(), cell.locator("td.new").inner_text()) == ("11", "13")
        printed = page.locator("#applications td.revised[data-row='granted'][data-column='natural_person']")
        shadow = printed.evaluate("el => getComputedStyle(el).boxShadow")
        assert printed.inner_text() == "13" and "inset" in shadow, shadow
        page.screenshot(path=str(artifacts / "report-revisions.png"), full_page=True)
        section.get_by_role("link", name="report page").click()
        page.wait_for_url(f"**/-/report/{first}")
        assert page.get_by_text("replaced").first.is_visible(), "the earlier version says it was replaced"
        page.screenshot(path=str(artifacts / "report-replaced-version.png"), full_page=True)
        page.close()
    assert outside == []

"""Each crawl status is reachable: ok, blocked, broken (failed or empty), stale, never run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.catalog import SMOKE_RUN, DocumentRecord, open_catalog, record_crawl_event, record_document
from scraper.registry import get_portal
from archive.layout import Layout
from archive.schema import open_database
from pipeline.load import copy_rows
from scraper.status import main, portal_status, write_portal_status

NOW = datetime(2026, 11, 27, tzinfo=UTC)


@pytest.mark.parametrize(
    ("events", "reports", "status"),
    [
        ([], 1, "never run"),
        ([("started", None), ("finished", None), ("exit", 0)], 1, "ok"),
        ([("started", None), ("blocked", "www.shpt.gov.cn"), ("finished", None)], 1, "blocked"),
        ([("started", None), ("interrupted", None)], 1, "broken"),
        ([("started", None), ("finished", None), ("exit", 1)], 1, "broken"),
        ([("started", None), ("finished", None)], 0, "broken"),
    ],
)
def test_status_follows_the_last_run(tmp_path: Path, events: list[tuple[str, object]], reports: int, status: str) -> None:
    catalog = open_catalog(tmp_path / "catalog.db")
    for i in range(reports):
        record_document(catalog, DocumentRecord(f"{i:064x}", f"http://x/{i}", "sh_putuo", "report", report_year=2025))
    for event, extra in events:
        record_crawl_event(catalog, {"run_id": "r1", "portal": "sh_putuo", "event": event, "at": "2026-11-26T00:00:00Z",
                                     "host": extra if isinstance(extra, str) else None,
                                     "status": extra if isinstance(extra, int) else None})  # fmt: skip
    assert portal_status(catalog, get_portal("sh_putuo"), NOW)["status"] == status


def test_an_old_successful_run_is_stale(tmp_path: Path) -> None:
    catalog = open_catalog(tmp_path / "catalog.db")
    record_document(catalog, DocumentRecord("a" * 64, "http://x/", "sh_putuo", "report"))
    for event in ("started", "finished"):
        record_crawl_event(catalog, {"run_id": "r0", "portal": "sh_putuo", "event": event, "at": "2026-09-01T00:00:00Z"})
    assert portal_status(catalog, get_portal("sh_putuo"), NOW)["status"] == "stale"


def test_listing_and_published_table_show_protocol_and_confidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI lets SIGPIPE end it quietly; inside pytest that would kill the test process later.
    monkeypatch.setattr("scraper.status.signal.signal", lambda *args: None)
    assert main(["--data", str(tmp_path)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("sh_yangpu "))
    assert line.split()[1:6] == ["never", "run", "json_api", "static", "A"]
    assert not (tmp_path / "archive").exists(), "the listing only reads"
    catalog = open_catalog(Layout.from_env(str(tmp_path)).catalog_path)
    write_portal_status(catalog)  # what a crawl does
    db = open_database(tmp_path / "nianbao.db")
    db.execute("attach database ? as catalogue", [str(Layout.from_env(str(tmp_path)).catalog_path)])
    copy_rows(db.conn, "catalogue", "portals")  # what the build does
    row = db.execute("select list_protocol, detail_protocol, confidence, live_check from portals where slug = 'sh_huangpu'").fetchone()
    assert row[:3] == ("challenge", "static", "C") and "瑞数" in row[3]


def _run(catalog: object, run_id: str, at: str, smoke: bool = False, finished: bool = True) -> None:
    events = [("started", SMOKE_RUN if smoke else None), *([("finished", "finished")] if finished else [("interrupted", "shutdown")])]
    for event, detail in events:
        record_crawl_event(catalog, {"run_id": run_id, "portal": "sh_putuo", "event": event, "detail": detail, "at": at})  # type: ignore[arg-type]


def test_a_smoke_crawl_does_not_stand_for_a_full_one(tmp_path: Path) -> None:
    catalog = open_catalog(tmp_path / "catalog.db")
    record_document(catalog, DocumentRecord("a" * 64, "http://x/", "sh_putuo", "report"))
    _run(catalog, "smoke1", "2026-11-26T00:00:00Z", smoke=True)
    only_smoke = portal_status(catalog, get_portal("sh_putuo"), NOW)
    assert only_smoke["status"] == "ok" and only_smoke["detail"].startswith("smoke crawls only")
    _run(catalog, "full", "2026-09-01T00:00:00Z", finished=False)
    _run(catalog, "smoke2", "2026-11-26T00:00:00Z", smoke=True)
    # The full crawl broke; a later smoke check that reached a report does not hide it.
    status = portal_status(catalog, get_portal("sh_putuo"), NOW)
    assert (status["status"], status["last_run_at"]) == ("broken", "2026-09-01T00:00:00Z")
    _run(catalog, "full2", "2026-09-02T00:00:00Z")
    assert portal_status(catalog, get_portal("sh_putuo"), NOW)["status"] == "stale", "nor makes an old crawl fresh"

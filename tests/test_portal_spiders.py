"""Every portal spider, run against its fixture site on 127.0.0.1, yields exactly its golden list."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.portal_site import FixtureSite, SeenRequest, parsed_body

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "portals"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "site").is_dir())


def case_job(folder: Path, base: str) -> tuple[str, dict[str, str]]:
    """A registry portal runs its own spider with every official host moved to `base`; a
    `case.json` can name another spider and arguments (the generic spider's start URL)."""
    case_file = folder / "case.json"
    if not case_file.exists():
        return folder.name, {"base_url": base}
    case = json.loads(case_file.read_text(encoding="utf-8"))
    return case["spider"], {k: v.replace("{base}", base) for k, v in case["args"].items()}


Crawled = dict[str, tuple[str, dict[str, Any], FixtureSite]]


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """All portals crawl in one subprocess (one reactor, one crawler each): (base, output, site),
    the site holding every request the spider sent."""
    work = tmp_path_factory.mktemp("crawls")
    with ExitStack() as stack:
        sites = {slug: stack.enter_context(FixtureSite(FIXTURES / slug / "site")) for slug in CASES}
        spec = []
        for slug, site in sites.items():
            spider, args = case_job(FIXTURES / slug, site.base)
            spec.append({"spider": spider, "args": args, "out": str(work / f"{slug}.json")})
        (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "tests.portal_crawl", str(work / "spec.json")],
                              cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return {slug: (sites[slug].base, json.loads((work / f"{slug}.json").read_text(encoding="utf-8")), sites[slug])
            for slug in CASES}


def normalised(items: list[dict[str, Any]], base: str) -> str:
    """Local origin → `{base}`, items in a stable order, sorted keys, trailing newline."""
    text = json.dumps(items, ensure_ascii=False).replace(base, "{base}")
    rows = sorted(json.loads(text), key=lambda item: (item["role"], item["url"]))
    return json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("slug", CASES)
def test_spider_yields_golden(slug: str, crawled: Crawled, update_golden: bool) -> None:
    base, output, _ = crawled[slug]
    stats = output["stats"]
    assert stats.get("finish_reason") == "finished"
    assert not stats.get("log_count/ERROR"), f"{slug}: errors in the crawl log"
    assert not stats.get("spider_exceptions/count"), f"{slug}: a callback raised"
    actual = normalised(output["items"], base)
    golden = FIXTURES / slug / "golden.json"
    if update_golden:
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden for {slug}: run `make golden` and review the diff"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", CASES)
def test_every_report_is_dated_and_attributed(slug: str, crawled: Crawled) -> None:
    """The fixtures are written so that every report page has a year and an agency; a spider
    that loses either fails here even if someone blessed a bad golden."""
    _, output, _ = crawled[slug]
    reports = [item for item in output["items"] if item["role"] == "report"]
    assert reports, f"{slug}: no report found"
    for item in reports:
        assert item["report_year"] and item["agency"], item["url"]
        assert item["published_on"] is None or int(item["published_on"][:4]) > item["report_year"]


def sent(seen: SeenRequest, expected: dict[str, Any], base: str) -> bool:
    """Method, path and query, the parsed body and the named headers are exactly as expected."""
    if seen.method != expected["method"] or base + seen.path != expected["url"].replace("{base}", base):
        return False
    headers = {k: v.replace("{base}", base) for k, v in expected.get("headers", {}).items()}
    if any(seen.header(name) != value for name, value in headers.items()):
        return False
    if "form" in expected:
        return bool(parsed_body(seen.body, form=True) == expected["form"])
    return "json" not in expected or bool(parsed_body(seen.body, form=False) == expected["json"])


PROTOCOL_CASES = [slug for slug in CASES if (FIXTURES / slug / "requests.json").is_file()]


@pytest.mark.parametrize("slug", PROTOCOL_CASES)
def test_spider_sends_the_documented_requests(slug: str, crawled: Crawled) -> None:
    """`requests.json` lists the protocol's requests (API calls and the pages that must precede
    them as Referer), each of which the spider must send exactly, and those it must not send
    (`"sent": false`, past the end of a list); `posts.json` answers POSTs only for the documented
    bodies, so any other body is a failure too."""
    base, _, site = crawled[slug]
    assert not site.unanswered(), [(s.path, s.body) for s in site.unanswered()]
    for expected in json.loads((FIXTURES / slug / "requests.json").read_text(encoding="utf-8")):
        if expected.get("sent") is False:  # a request the protocol's stop rule forbids
            assert not any(sent(seen, expected, base) for seen in site.requests), expected
            continue
        assert any(sent(seen, expected, base) for seen in site.requests), (
            expected, [(s.method, s.path, s.headers, s.body) for s in site.requests if s.method == expected["method"]][:6])

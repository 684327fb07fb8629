"""Shared test fixtures: where ../shared is, and the golden-file switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Fixture portals are served from 127.0.0.1; the network guard refuses every other local address
# (set here, at import, so every crawl subprocess a test starts inherits it).
os.environ["NIANBAO_ALLOW_PRIVATE"] = "127.0.0.1"


def shared_dir() -> Path:
    """The read-only material beside the repo (CI lays a copy of shared/ next to the clone)."""
    for candidate in (os.environ.get("NIANBAO_SHARED"), REPO.parent / "shared", Path("/work/shared")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise RuntimeError("cannot find the shared/ folder; set NIANBAO_SHARED")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden JSON files from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return shared / "seed" / "baoshan-service-center-2021.txt"

"""The CLI's checks on what a user names (data folders, ports): one clear line, never a traceback, never lost data."""

from __future__ import annotations

import errno
import shutil
import socket
import tempfile
from pathlib import Path

import click

from archive.layout import Layout

DEMO_MARKER = ".nianbao-demo"


class UserError(click.ClickException):
    """A mistake in what the user asked for: shown as one line, exit status 2."""

    exit_code = 2


def existing_archive(data_dir: Path | None) -> Layout:
    """The layout of a data folder that already holds an archive catalogue."""
    layout = Layout.from_env(data_dir)
    if not layout.root.is_dir():
        raise UserError(f"no data folder at {layout.root} (pass --data DIR or set NIANBAO_DATA)")
    if not layout.catalog_path.is_file():
        raise UserError(f"no archive in {layout.root} ({layout.catalog_path} is missing); crawl first")
    return layout


def writable(folder: Path) -> None:
    """Try it: access(2) says yes to root even where writing fails (read-only mounts, /proc)."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".nianbao-write-test-"):
            pass
    except OSError as exc:
        raise UserError(f"cannot write to {folder}: {exc.strerror or exc}") from None


def check_port(host: str, port: int) -> None:
    """The port is in range and free on the host: bind it once before doing any work."""
    if not 1 <= port <= 65535:
        raise UserError(f"--port {port} is out of range (1-65535)")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror or exc})"
        raise UserError(f"port {port} on {host} {reason}; choose another with --port") from None


def demo_folder(path: Path) -> Layout:
    """Empty the demo's own folder (marked when the demo made it); refuse any other non-empty one."""
    try:
        _reset_demo_folder(path)
    except OSError as exc:
        raise UserError(f"cannot prepare the demo folder {path}: {exc.strerror or exc}") from None
    return Layout(path)


def _reset_demo_folder(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise UserError(f"{path} is not a folder the demo can use; choose another --data")
    if path.is_dir() and any(path.iterdir()):
        if not (path / DEMO_MARKER).is_file():
            raise UserError(f"{path} is not empty and was not made by `nianbao demo`; it is left alone: "
                            "choose another --data folder")  # fmt: skip
        writable(path)
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / DEMO_MARKER).write_text("made by `nianbao demo`, which empties this folder on every run\n")

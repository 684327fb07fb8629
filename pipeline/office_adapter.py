"""Legacy Word binaries (.doc, and WPS Writer's .wps, which keeps the same OLE2 Word format) →
DOCX bytes through LibreOffice headless; the only module that runs LibreOffice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import UnreadableDocument

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Directory entries of an OLE2 (Compound File) container are named in UTF-16LE; the stream name
# says what the container holds, whatever the file is called.
_STREAMS = {
    "WordDocument".encode("utf-16-le"): "doc",
    "Workbook".encode("utf-16-le"): "xls",
    "Book".encode("utf-16-le"): "xls",
    "PowerPoint Document".encode("utf-16-le"): "ppt",
}
CONVERT_TIMEOUT = float(os.environ.get("NIANBAO_OFFICE_TIMEOUT", "60"))


def ole_kind(data: bytes) -> str | None:
    """`doc`, `xls` or `ppt` for an OLE2 container by the streams it names; None if not OLE2."""
    if not data.startswith(OLE2_MAGIC):
        return None
    found = [kind for name, kind in _STREAMS.items() if name in data]
    return found[0] if found else "unknown"


def convert_to_docx(data: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """LibreOffice reads the binary and writes it as DOCX; a file it cannot read is unreadable.
    Each call has its own profile, so parallel workers never share LibreOffice's lock."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableDocument("legacy Word binary (.doc/.wps): LibreOffice (soffice) is not installed to convert it")
    with tempfile.TemporaryDirectory(prefix="nianbao-office-") as tmp:
        work = Path(tmp)
        source = work / "document.doc"
        source.write_bytes(data)
        command = [
            soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source),
        ]  # fmt: skip
        _run(command, timeout)
        converted = work / "out" / "document.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise UnreadableDocument("legacy Word binary (.doc/.wps) that LibreOffice could not convert")
        return converted.read_bytes()


def _run(command: list[str], timeout: float) -> None:
    # LibreOffice starts a process tree (soffice → oosplash → soffice.bin): a new session lets a
    # time-out take down the whole tree rather than leave soffice.bin behind.
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise UnreadableDocument(f"LibreOffice did not convert this legacy Word document within {timeout:g} s") from None

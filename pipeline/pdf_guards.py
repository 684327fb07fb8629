"""Guards around pdfminer: streams inflate within a size limit, reference chains cannot loop.

pdfminer inflates every stream whole and follows a reference to a reference without noticing
a loop; it offers no hook for either, so its decoders and PDFObjRef.resolve are replaced when
this module is imported (by pdf_adapter, the only other module that touches pdfminer).
"""

from __future__ import annotations

import io
import zlib
from types import SimpleNamespace

from pdfminer import pdftypes
from pdfminer.lzw import LZWDecoder
from pdfminer.pdftypes import PDFObjRef

from pipeline.errors import TooDeep, TooLarge
from pipeline.limits import MB, Limits

_MAX_REFERENCE_CHAIN = 32  # "1 0 R" naming "2 0 R" naming ...: real files chain once or twice
_stream_cap = [int(Limits().stream_mb * MB)]  # set per document by read_pages


def cap_streams(limits: Limits) -> None:
    _stream_cap[0] = int(limits.stream_mb * MB)


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, _stream_cap[0] + 1)
    _check_size(len(out))
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


def _inflate_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a stream with a bad checksum, fed 1 byte at a time into an
    ever-growing bytes object (quadratic: a 66 KB stream hangs it); here linear and capped."""
    inflater, out, size = zlib.decompressobj(), [], 0
    for start in range(0, len(data), 4096):
        saved = inflater.copy()
        try:
            out.append(inflater.decompress(data[start : start + 4096]))
        except zlib.error:
            inflater, done = saved, 0
            try:
                for done in range(start, min(start + 4096, len(data))):
                    out.append(inflater.decompress(data[done : done + 1]))
            except zlib.error:
                if done < len(data) - 3:  # as pdfminer: only an error in the checksum is forgiven
                    raise
            break
        size += len(out[-1])
        _check_size(size)
    return b"".join(out)


def _lzw(data: bytes) -> bytes:
    out, size = [], 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out.append(chunk)
        size += len(chunk)
        _check_size(size)
    return b"".join(out)


def _check_size(size: int) -> None:
    if size > _stream_cap[0]:
        raise TooLarge(f"a compressed stream inflates past {_stream_cap[0] // MB} MB")


def _resolve(ref: PDFObjRef, default: object = None) -> object:
    """Follow a chain of references to its end, or refuse a chain that loops."""
    found = _plain_resolve(ref, default)
    for _ in range(_MAX_REFERENCE_CHAIN):
        if not isinstance(found, PDFObjRef):
            return found
        found = _plain_resolve(found, default)
    raise TooDeep(f"a chain of more than {_MAX_REFERENCE_CHAIN} object references (a reference loop)")


setattr(pdftypes, "zlib", SimpleNamespace(decompress=_inflate, decompressobj=zlib.decompressobj, error=zlib.error))
setattr(pdftypes, "decompress_corrupted", _inflate_corrupted)
setattr(pdftypes, "lzwdecode", _lzw)
_plain_resolve = PDFObjRef.resolve
setattr(PDFObjRef, "resolve", _resolve)

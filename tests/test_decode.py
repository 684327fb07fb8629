"""Honest decoding: labels are checked, GB18030 is the fallback, mojibake is refused."""

from __future__ import annotations

import pytest

from pipeline.decode import decode_bytes
from pipeline.errors import UnreadableDocument

PAGE = '<html><head><meta charset="{}"></head><body>上海市宝山区2021年政府信息公开工作年度报告：自然人、商业企业、科研机构。</body></html>'


@pytest.mark.parametrize("label", ["utf-8", "iso-8859-1", "big5", "windows-1252"])
def test_gb18030_bytes_under_a_wrong_label(label: str) -> None:
    text, used = decode_bytes(PAGE.format(label).encode("gb18030"))
    assert "政府信息公开工作年度报告" in text and used == "gb18030"


def test_utf8_bytes_labelled_gbk() -> None:
    text, used = decode_bytes(PAGE.format("gbk").encode("utf-8"), "text/html; charset=GBK")
    assert "自然人" in text and used == "utf_8"


def test_http_header_label_gb2312_is_read_as_gb18030() -> None:
    text, used = decode_bytes(PAGE.format("gb2312").replace("宝山", "宝山䶮").encode("gb18030"), "text/html; charset=gb2312")
    assert used == "gb18030" and "䶮" in text


def test_empty_and_undecodable_bytes_are_refused() -> None:
    with pytest.raises(UnreadableDocument):
        decode_bytes(b"   ")
    with pytest.raises(UnreadableDocument):
        decode_bytes(bytes(range(128, 256)) * 50)

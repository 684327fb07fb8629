"""CSV for Excel: `?_bom=1` on any `.csv` URL starts the body with a UTF-8 byte order mark, without
which Excel on Chinese Windows reads UTF-8 as GBK and garbles every label."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

BOM = b"\xef\xbb\xbf"
Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Message, Any, Send], Awaitable[None]]


def wants_bom(scope: Message) -> bool:
    if scope.get("type") != "http" or not str(scope.get("path", "")).endswith(".csv"):
        return False
    query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
    return query.get("_bom") == ["1"]


def _grown_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(k, str(int(v) + len(BOM)).encode() if k.lower() == b"content-length" else v) for k, v in headers]


def with_bom(app: App) -> App:
    async def wrapped(scope: Message, receive: Any, send: Send) -> None:
        if not wants_bom(scope):
            await app(scope, receive, send)
            return
        pending = {"bom": False}

        async def send_with_bom(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                pending["bom"] = True
                message = {**message, "headers": _grown_headers(list(message.get("headers", [])))}
            elif message["type"] == "http.response.body" and pending["bom"]:
                pending["bom"] = False
                message = {**message, "body": BOM + message.get("body", b"")}
            await send(message)

        await app(scope, receive, send_with_bom)

    return wrapped

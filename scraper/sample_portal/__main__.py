"""CLI: serve the bundled sample portal until killed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scraper.sample_portal.server import SITE_DIR, base_url, make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scraper.sample_portal",
        description="Serve the nianbao sample portal (a fake district portal for demos and tests).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port, 0 picks a free one (default 0)")
    parser.add_argument("--root", type=Path, default=SITE_DIR, help="directory of pages to serve")
    parser.add_argument("--challenge", type=int, choices=(412, 521), default=None,
                        help="answer every page with an anti-bot challenge of this status")
    args = parser.parse_args(argv)
    server = make_server(args.root, args.host, args.port, args.challenge)
    print(f"serving {base_url(server)}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""SIGINT and SIGTERM as an exception, so a stopped build unwinds: workers stopped, file removed."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

logger = logging.getLogger(__name__)

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """A stop signal arrived and the build was abandoned. A KeyboardInterrupt, so no `except
    Exception` swallows it and callers that already handle Ctrl-C (click, the demo) handle it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """Raises Interrupted in the process that installed it, until `finishing` is set: from the
    rename on, stopping would only make the exit status and message lie about which database
    is in place."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.finishing = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() != self.owner:
            # A forked worker inherited this handler: it dies of the signal, as it would have.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        elif self.finishing:
            logger.warning("%s arrived as the build was completing; the build completes", signal.Signals(signum).name)
        else:
            raise Interrupted(signum)


@contextmanager
def signals_raise() -> Iterator[StopSignals]:
    """Within the block, SIGINT and SIGTERM raise Interrupted in this process."""
    stops = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield stops  # only the main thread may set handlers; an embedding caller handles signals
        return
    previous = {s: signal.signal(s, stops.handle) for s in SIGNALS}
    try:
        yield stops
    finally:
        for s, h in previous.items():
            signal.signal(s, h)

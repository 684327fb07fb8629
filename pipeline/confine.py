"""Operating-system limits a worker process puts on itself before it reads a document."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys

from pipeline.limits import MB, Limits

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies, however the parent dies (a kill -9
    runs no `finally`)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def cap_memory_and_depth(limits: Limits) -> None:
    # Counted on top of what the forked worker already maps, so the parent's size does not
    # eat into a document's allowance.
    allowed = _address_space() + int(limits.memory_mb * MB)
    _lower(resource.RLIMIT_AS, allowed)
    sys.setrecursionlimit(limits.recursion)


def cap_cpu(seconds: float) -> None:
    """From now on, `seconds` more of CPU time; past it the kernel sends SIGXCPU."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _lower(resource.RLIMIT_CPU, int(usage.ru_utime + usage.ru_stime + seconds) + 1, soft_only=True)


def _lower(which: int, value: int, soft_only: bool = False) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, hard if soft_only else value))
    except (ValueError, OSError):
        pass


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0

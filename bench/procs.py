"""Run a command in a child process; return its exit status, wall time and peak RSS.

The peak RSS comes from ``os.wait4`` on that one child, so it is the child's own high-water
mark (Linux reports the largest of the child and the descendants it waited for), not
the maximum over every child this process ever had, as ``RUSAGE_CHILDREN`` would be.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """The outcome of one command."""

    status: int
    seconds: float
    cpu_seconds: float
    """User plus system CPU time: what the build costs, whatever else runs on the machine."""
    peak_rss_mb: float
    output: str
    """stdout and stderr, interleaved (for error messages)."""


def run(command: Sequence[str], *, cwd: Path, env: Mapping[str, str], log: Path) -> Run:
    """Run ``command`` to completion, its output going to ``log``; time and measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(list(command), cwd=cwd, env=dict(env), stdout=out,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, wait_status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    status = os.waitstatus_to_exitcode(wait_status)
    child.returncode = status  # reaped here: stop Popen from waiting for it again
    # ru_maxrss is in KiB on Linux.
    return Run(status, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               log.read_text("utf-8", "replace"))

"""Edit-to-reload: seconds from saving a code's YAML to the served page showing the change.

What a contributor does under ``make serve``: the dev server is started exactly as the
Makefile starts it (``make serve`` with ``DEV_ADDR`` on a free port and ``KB_CONTENT_DIR``
on synthetic content), a page is open in Chromium, and the code's YAML is saved with a
new summary. The clock runs from the save until the open page shows the new text: the
server notices the file, rebuilds, and the page's live-reload script reloads it. Each
round saves a different text; the median is kept. Then the same for a shared cause,
whose text shows on every code page that lists it: the page measured is one of those
code pages.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """An ephemeral localhost port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def group_cpu_seconds(group: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of process ``group``.

    The dev server's rebuild is measured on the server's side too: wall seconds on a shared
    2-core machine are partly other work's, CPU seconds are the rebuild's own.
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == group:  # after the name: state, ppid, pgrp, ...
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


SERVERS: dict[str, int] = {}
"""Per base URL being served, the process group of its ``make serve``."""


@contextmanager
def serving(content_dir: Path, log: Path, *, timeout: float = 900) -> Iterator[str]:
    """Run ``make serve`` on ``content_dir``; yield its base URL once the first build is up."""
    port = free_port()
    env = {**os.environ, "KB_CONTENT_DIR": str(content_dir), "NO_MKDOCS_2_WARNING": "1",
           "KB_SITE_URL": f"http://127.0.0.1:{port}/"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        server = subprocess.Popen(["make", "--no-print-directory", "serve",
                                   f"DEV_ADDR=127.0.0.1:{port}"],
                                  cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base + "/", server, timeout)
            SERVERS[base] = server.pid  # start_new_session: the group's id is make's pid
            yield base
        finally:
            SERVERS.pop(f"http://127.0.0.1:{port}", None)
            os.killpg(server.pid, signal.SIGINT)  # make and mkdocs below it
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"make serve exited ({server.returncode}) before serving")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"make serve did not answer within {timeout:.0f} s")


def edit_to_reload(browser: Browser, base_url: str, page_path: str, source: Path,
                   field: str, *, rounds: int = 3) -> dict[str, Any]:
    """Save ``source`` with a new ``field`` value ``rounds`` times; time each reload.

    The value is a one-line YAML scalar (``summary:`` of a code, of a cause); the page at
    ``page_path`` must show it.
    """
    original = source.read_text("utf-8")
    pattern = re.compile(rf"^{field}: .*$", re.M)
    if not pattern.search(original):
        raise ValueError(f"{source} has no one-line '{field}:'")
    context = browser.new_context(base_url=base_url)
    seconds: list[float] = []
    cpu: list[float] = []
    group = SERVERS.get(base_url)
    try:
        page = context.new_page()
        page.goto(page_path, wait_until="load")
        for round_ in range(rounds):
            token = f"Reloaded{round_}x{time.monotonic_ns() % 10**9}"
            page.wait_for_timeout(1500)  # a quiet server, as between two real saves
            used = group_cpu_seconds(group) if group else 0.0
            started = time.perf_counter()
            source.write_text(pattern.sub(f"{field}: {token} is the new text.", original, 1),
                              "utf-8")
            page.wait_for_function("(token) => document.body?.innerText.includes(token) ?? false",
                                   arg=token, timeout=180_000, polling=50)
            seconds.append(time.perf_counter() - started)
            if group:
                cpu.append(group_cpu_seconds(group) - used)
    finally:
        source.write_text(original, "utf-8")
        context.close()
    return {"page": page_path, "file": source.name,
            "median_s": round(statistics.median(seconds), 3),
            "runs_s": [round(s, 3) for s in seconds],
            # The server's CPU seconds over the same window (the rebuild, the file watcher's
            # polling, the page's reload); None when the server's processes were not found.
            "server_cpu_s": round(statistics.median(cpu), 3) if cpu else None,
            "server_cpu_runs_s": [round(c, 3) for c in cpu]}

"""The dev server's rebuild loop: started at once by a save, never by a read, and lean."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.livereload import LiveReloadServer

from generator.devserver import DevState, safe_builder, watch_natively


def wanted_within(server: LiveReloadServer, seconds: float) -> bool:
    """Whether ``server`` was asked for a rebuild within ``seconds``."""
    with server._rebuild_cond:
        return server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=seconds)


@pytest.fixture
def watched(tmp_path: Path) -> Any:
    (tmp_path / "codes").mkdir()
    code = tmp_path / "codes" / "z2000.yaml"
    code.write_text("code: Z2000\n", "utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path))  # not bound until it serves
    server.watch(str(tmp_path))
    assert watch_natively(server), "the system's file watcher is not available here"
    server.observer.start()
    time.sleep(0.2)  # inotify watches are in place once the emitters run
    try:
        yield server, code
    finally:
        server.observer.stop()
        server.observer.join(timeout=5)


def test_a_save_asks_for_a_rebuild_at_once(watched: Any) -> None:
    server, code = watched
    started = time.monotonic()
    code.write_text("code: Z2000\nsummary: Edited.\n", "utf-8")
    assert wanted_within(server, 2), "a save did not ask for a rebuild"
    # MkDocs' polling observer looks every 0.5 s; the system tells at once.
    assert time.monotonic() - started < 0.4


def test_a_new_file_asks_for_a_rebuild(watched: Any) -> None:
    server, code = watched
    (code.parent / "z2001.yaml").write_text("code: Z2001\n", "utf-8")
    assert wanted_within(server, 2)


def test_reading_files_asks_for_nothing(watched: Any) -> None:
    """A rebuild reads every content file: that must not start the next rebuild."""
    server, code = watched
    for _ in range(3):
        code.read_text("utf-8")
    assert not wanted_within(server, 1)


def test_a_rebuild_runs_without_the_cycle_collector_and_restores_it() -> None:
    seen: list[bool] = []

    def build() -> None:
        seen.append(gc.isenabled())

    def failing() -> None:
        seen.append(gc.isenabled())
        raise RuntimeError("template error")

    assert gc.isenabled()
    safe_builder(build, DevState())()
    state = DevState()
    safe_builder(failing, state)()
    assert seen == [False, False]
    assert gc.isenabled(), "the collector stays off after a rebuild"
    assert state.error == "template error"

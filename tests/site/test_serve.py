"""`mkdocs serve` picks up a YAML edit without a restart (the contributor's preview loop)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import FIXTURE_CONTENT, REPO


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.3)
    return False


def test_yaml_edit_shows_up_in_served_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    port = _free_port()
    env = {**os.environ, "KB_CONTENT_DIR": str(content), "KB_CHECKER": "false",
           "NO_MKDOCS_2_WARNING": "1", "KB_SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--dev-addr",
         f"127.0.0.1:{port}", "--config-file", str(REPO / "mkdocs.yml")],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/netflix/z2000/"
        assert _wait_for(url, "The test network is too slow.", 60), "server did not start"
        code = content / "codes" / "netflix" / "z2000.yaml"
        code.write_text(code.read_text("utf-8").replace(
            "The test network is too slow.", "Edited while serving."), "utf-8")
        assert _wait_for(url, "Edited while serving.", 30), "the edit did not show up"
        time.sleep(3)  # time for a rebuild that the last one's own reading would start
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)
    # The first build and one rebuild for one save: the build reads every content file,
    # and the file watcher must not take a read for a change (a rebuild loop).
    assert log.count("Building documentation") == 2, log

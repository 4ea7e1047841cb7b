"""Serve a folder on localhost, uncompressed, from a separate process.

A separate process keeps the server off the benchmark's own interpreter (and its GIL),
like ``python -m http.server`` in the Pyodide measurements. Run as
``python -m bench.serve DIR``: it prints the port on its first line, then serves until
terminated. ``serving(DIR)`` does that and yields the base URL.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, keep-alive, and no request log."""

    protocol_version = "HTTP/1.1"
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",  # WebAssembly.instantiateStreaming insists on it
        ".mjs": "text/javascript",
        ".whl": "application/octet-stream",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


class Server(http.server.ThreadingHTTPServer):
    """Threaded; a browser dropping a connection (closing a context) is not an error."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore connections the browser reset; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` from a child process; yield ``http://127.0.0.1:<port>``."""
    child = subprocess.Popen([sys.executable, "-m", "bench.serve", str(folder)],
                             stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=10)


def main(folder: str) -> None:
    """Serve ``folder`` on an ephemeral port, printing the port first."""
    handler = functools.partial(Handler, directory=folder)
    server = Server(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])

"""The probe's one door to the browser: a *host call* handed in by the Web Worker.

``checker/web/worker.mjs`` passes Python one function::

    call(op: str, args_json: str) -> Promise<reply_json: str>
    reply = {"ok": true, "value": ...} | {"ok": false, "name": "...", "message": "..."}

Each op is a primitive ("request access to this key system with these configurations",
"is this MIME type supported", "write this cookie and read it back"). Ops that need the
window (EME, cookies, ``matchMedia``, ``screen``, the bait element) are forwarded by the
worker to the page's bridge (``checker/web/bridge.mjs``); the rest (``fetch``,
IndexedDB, the storage estimate) run in the worker.

JSON crosses the boundary in both directions, so no ``JsProxy`` can leak into the facts,
and JavaScript's ``null`` and ``undefined`` both arrive as ``None``. Because of that this
module imports neither ``js`` nor ``pyodide`` and runs unchanged on CPython, where the
tests drive it with a fake host. ``Answer`` is what one op gave; ``Env`` reads the window
properties fetched in one round trip.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

HostCall = Callable[[str, str], Awaitable[Any]]
"""``call(op, args_json)`` resolving to the reply JSON (a JS function in Pyodide)."""


@dataclass(frozen=True)
class Answer:
    """What one host operation gave: a value, an error text, or a timeout."""

    value: Any = None
    error: str | None = None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        """The operation answered without error."""
        return self.error is None and not self.timed_out


class Env:
    """The window properties read up front, with typed accessors that never raise."""

    def __init__(self, answer: dict[str, Any] | None) -> None:
        self._data = answer if isinstance(answer, dict) else {}

    @property
    def known(self) -> bool:
        """Whether the read succeeded at all (otherwise every accessor gives None)."""
        return bool(self._data)

    def type_of(self, path: str) -> str | None:
        """Return JavaScript's ``typeof`` for ``path`` ("undefined" when absent)."""
        entry = self._data.get(path)
        return entry.get("type") if isinstance(entry, dict) else None

    def exists(self, path: str) -> bool | None:
        """Return whether ``path`` is defined (None when the read failed)."""
        kind = self.type_of(path)
        return None if kind is None or kind == "error" else kind != "undefined"

    def value(self, path: str) -> Any:
        """Return the JSON value at ``path``, or None."""
        entry = self._data.get(path)
        return entry.get("value") if isinstance(entry, dict) else None

    def text(self, path: str) -> str | None:
        """Return the value if it is a string."""
        value = self.value(path)
        return value if isinstance(value, str) else None

    def flag(self, path: str) -> bool | None:
        """Return the value if it is a boolean."""
        value = self.value(path)
        return value if isinstance(value, bool) else None

    def number(self, path: str) -> float | None:
        """Return the value if it is a finite number (booleans excluded)."""
        value = self.value(path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value) if math.isfinite(value) else None

    def integer(self, path: str) -> int | None:
        """Return the value rounded to an int, if it is a number."""
        number = self.number(path)
        return None if number is None else round(number)


class HostError(Exception):
    """The JavaScript side answered an op with an error (a rejected promise, a throw)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}" if message else name)
        self.name = name

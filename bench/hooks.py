"""The build runner: ``mkdocs build`` with the kb plugin's own work timed from inside.

Run as ``python -m bench.hooks TIMES.json [--dump DIR] BUILD-ARGS...``: it wraps every
event method the ``KBPlugin`` class defines (``on_config``, ``on_files``, ``on_post_page``
...) and the generator functions the plugin calls (every ``generator.*`` function the
plugin module imports by name: ``validate_dir``, ``build_graph``, ``render_site``,
``file_dates`` ...; plus ``csp.add_meta`` and ``write_checker_assets``) with timers, runs
MkDocs' own command line in this process, and writes the accumulated wall and CPU
seconds per name to TIMES.json. Nothing in the product changes; the baseline goes
through the same runner so both sides pay the same start-up.

The hooks' total is the generator's share of the build; the functions are a breakdown
of it (they run inside the hooks, so they are not added to it).

With ``--dump DIR`` it also writes every file the plugin generated (the pages' Markdown
and the alias redirect stubs) below DIR, after the timer has stopped: the baseline builds
exactly that Markdown without the plugin.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

SECONDS: dict[str, float] = defaultdict(float)
CPU_SECONDS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)

MODULE_FUNCTIONS = {
    "generator.csp": ("add_meta", "headers_file"),
    "generator.assets": ("write_checker_assets",),
}
"""Functions the plugin reaches through their module (the rest it imports by name)."""


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``fn`` adding its wall and CPU time to ``SECONDS`` and ``CPU_SECONDS``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - started
            CPU_SECONDS[name] += time.process_time() - cpu
            CALLS[name] += 1

    return wrapper


def dumping(fn: Callable[..., Any], folder: Path) -> Callable[..., Any]:
    """Return the ``on_files`` hook ``fn`` that also writes the files it generated."""

    @functools.wraps(fn)
    def wrapper(self: Any, files: Any, /, **kwargs: Any) -> Any:
        files = fn(self, files, **kwargs)
        started = time.perf_counter()
        for file in files:
            if file.generated_by is not None:
                target = folder / file.src_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(file.content_bytes)
        SECONDS["dump"] += time.perf_counter() - started
        return files

    return wrapper


def instrument(dump: Path | None = None) -> None:
    """Wrap the plugin's event methods and the generator functions it calls."""
    import importlib

    from generator.plugin import KBPlugin

    for attr, value in list(vars(KBPlugin).items()):
        if attr.startswith("on_") and callable(value):
            setattr(KBPlugin, attr, timed(f"hook.{attr}", value))
    if dump is not None:
        KBPlugin.on_files = dumping(KBPlugin.on_files, dump)  # type: ignore[method-assign]
    # Every generator function the plugin module imported by name (validate_dir,
    # build_graph, render_site, file_dates ...), whatever the plugin currently uses.
    plugin_module = importlib.import_module("generator.plugin")
    for name, value in list(vars(plugin_module).items()):
        if inspect.isfunction(value) and value.__module__.startswith("generator."):
            setattr(plugin_module, name, timed(f"fn.{name}", value))
    for module_name, names in MODULE_FUNCTIONS.items():
        module = importlib.import_module(module_name)
        for name in names:
            if inspect.isfunction(getattr(module, name, None)):
                setattr(module, name, timed(f"fn.{name}", getattr(module, name)))


def main(argv: list[str]) -> int:
    """Instrument, run ``mkdocs`` with the rest of ``argv``, write the timings to ``argv[0]``."""
    out, args = Path(argv[0]), argv[1:]
    dump = None
    if args[:1] == ["--dump"]:
        dump, args = Path(args[1]), args[2:]
    started = time.perf_counter()
    instrument(dump)
    import click
    from mkdocs.__main__ import cli

    status = 0
    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as error:  # MkDocs' Abort, PluginError, bad options
        error.show()
        status = error.exit_code or 1
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    out.write_text(json.dumps({
        "seconds": dict(sorted(SECONDS.items())),
        "cpu_seconds": dict(sorted(CPU_SECONDS.items())),
        "calls": dict(sorted(CALLS.items())),
        "hooks_total": _hooks(SECONDS), "hooks_cpu_total": _hooks(CPU_SECONDS),
        "in_process_seconds": time.perf_counter() - started,
    }, indent=1), "utf-8")
    return status


def _hooks(seconds: dict[str, float]) -> float:
    return sum(value for name, value in seconds.items() if name.startswith("hook."))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Validation time: the compiled validator with jsonschema as explainer, against jsonschema.

In one process, on the same synthetic content: every file is loaded once (the YAML
loader's time is its own figure), then the schema check of all files runs twice, with the
compiled validator deciding first (``check_shape``, as the build does) and with jsonschema
alone (``compiled=False``, the old way); then the whole ``validate_dir`` (loading, schema,
prose rules, cross references) runs both ways. The two ways alternate over ``repeats``
rounds and medians are kept, so load on the machine touches both alike.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from generator import schema
from generator.load import Document, load_file


def measure(content_dir: Path, *, repeats: int = 3) -> dict[str, Any]:
    """Return the seconds of each way of validating ``content_dir`` (medians)."""
    from checker.rules import CHECKS
    from generator.validate import validate_dir

    docs = list(_documents(content_dir))
    rounds: dict[str, list[float]] = {"load_s": [], "schema_s": [], "schema_jsonschema_s": [],
                                      "validate_dir_s": [], "validate_dir_jsonschema_s": []}
    for _ in range(repeats):
        rounds["load_s"].append(_cpu(lambda: list(_documents(content_dir))))
        rounds["schema_s"].append(_cpu(lambda: _shapes(docs, compiled=True)))
        rounds["schema_jsonschema_s"].append(_cpu(lambda: _shapes(docs, compiled=False)))
        rounds["validate_dir_s"].append(
            _cpu(lambda: validate_dir(content_dir, CHECKS, root=content_dir.parent)))
        with _jsonschema_only():
            rounds["validate_dir_jsonschema_s"].append(
                _cpu(lambda: validate_dir(content_dir, CHECKS, root=content_dir.parent)))
    med = {name: round(statistics.median(values), 4) for name, values in rounds.items()}
    return {
        "files": len(docs),
        **med,
        "schema_ratio": round(med["schema_s"] / med["schema_jsonschema_s"], 4),
        "validate_dir_ratio": round(med["validate_dir_s"] / med["validate_dir_jsonschema_s"], 4),
        "jsonschema_fallbacks": sum(not schema.passes(doc, kind) for doc, kind in docs),
        "runs": {name: [round(v, 4) for v in values] for name, values in rounds.items()},
    }


def _documents(content_dir: Path) -> Iterator[tuple[Document, str]]:
    """Every content file, loaded as the build loads it, with the schema it follows."""
    for kind in ("code", "cause", "service"):
        for path in sorted((content_dir / f"{kind}s").rglob("*.yaml")):
            doc, _ = load_file(path, path.relative_to(content_dir).as_posix())
            if doc is not None:
                yield doc, kind


def _shapes(docs: list[tuple[Document, str]], *, compiled: bool) -> None:
    for doc, kind in docs:
        schema.check_shape(doc, kind, compiled=compiled)


@contextmanager
def _jsonschema_only() -> Iterator[None]:
    """Run ``validate_dir`` the old way: no file passes by the compiled validator."""
    with mock.patch.object(schema, "passes", lambda *args, **kwargs: False):
        yield


def _cpu(action: Callable[[], object]) -> float:
    """CPU seconds of ``action`` in this process (what other work on the machine spares)."""
    started = time.process_time()
    action()
    return time.process_time() - started

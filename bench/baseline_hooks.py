"""MkDocs hooks for the baseline build (bare MkDocs and Material, no kb plugin).

The theme overrides the baseline keeps (so that its pages match the site's) call ``_``
with placeholders, as the kb plugin's translations take them (``_("{codes}", codes=...)``);
Jinja's own ``gettext`` takes none. The baseline gets the English text with the
placeholders filled, which is what the plugin gives an English page.
"""

from __future__ import annotations

from typing import Any


def on_env(env: Any, /, *, config: Any, files: Any) -> Any:
    """Give the templates an English ``_`` that fills placeholders."""
    env.globals["_"] = _english
    return env


def _english(text: str, /, **params: Any) -> str:
    return text.format(**params) if params else text

"""Words in the reader's language: English source text, looked up in a language's catalogue.

The English text is written where it is used (``T("Widevine is available")``) and is the
key: each other language's catalogue (``content/i18n/<lang>.yaml``, ``messages``) maps it
to a translation. A text missing from a catalogue, or whose translation does not fit its
placeholders, is shown in English; nothing here raises on a catalogue's content.

Placeholders are ``str.format`` names (``"{speed} Mbit/s"``); a placeholder's value may
itself be a ``Text``, rendered in the same language. ``N_`` only marks a word that is
translated later, so that the test that lists untranslated words finds it. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Messages = Mapping[str, str]
"""English source text -> translation (an empty mapping is English)."""

ENGLISH: Messages = {}


@dataclass(frozen=True)
class Text:
    """English source text with named values, rendered in a language when shown."""

    source: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, messages: Messages = ENGLISH) -> str:
        """Return the text in the catalogue's language, English where it has none."""
        values = {name: render(value, messages) for name, value in self.params.items()}
        translated = messages.get(self.source) if isinstance(messages, Mapping) else None
        if isinstance(translated, str):
            try:
                return translated.format_map(values)
            except (KeyError, ValueError, IndexError, AttributeError):
                pass  # a translation naming a placeholder the source lacks: English it is
        try:
            return self.source.format_map(values)
        except (KeyError, ValueError, IndexError, AttributeError):
            return self.source

    def __str__(self) -> str:
        return self.render()


def T(source: str, /, **params: Any) -> Text:
    """Mark ``source`` as reader-facing English, with its placeholders' values."""
    return Text(source, params)


def N_(source: str, /) -> str:
    """Mark a word translated later (where it is shown); returns it unchanged."""
    return source


def render(value: object, messages: Messages = ENGLISH) -> str:
    """Return ``value`` as text: a ``Text`` in the catalogue's language, anything else as is."""
    return value.render(messages) if isinstance(value, Text) else str(value)

"""Shared causes name no service, and say "the service" where a name once stood.

When causes became service-neutral, a service's name was replaced by "The service"
everywhere, so a name that stood mid-sentence left a capital behind ("the signature
that The service checks for"). The generator does not touch cause text (it has no
placeholder to fill there), so the content itself must read right: a capital "The
service" only where a sentence starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tests.content.test_overlap import CONTENT, Text, yaml_texts

_MID_SENTENCE = re.compile(r"(?<=[^\s.!?:])(\s+)(The service|El servicio)\b")
"""A capital "The service" (or its Spanish) right after a word that ends no sentence."""


def capitals_mid_sentence(texts: Iterable[Text]) -> list[str]:
    """Report each text with a capital "The service" that does not start a sentence."""
    problems = []
    for item in texts:
        for found in _MID_SENTENCE.finditer(item.text):
            phrase = found.group(2)
            context = item.text[max(0, found.start() - 30):found.end()]
            problems.append(f"{item.path}:{item.line}:{item.col}: expected "
                            f"'{phrase[0].lower()}{phrase[1:]}' mid-sentence, found "
                            f"'{phrase}' in \"...{context}\"; "
                            "lower-case it, or start a new sentence")
    return problems


def test_causes_capitalise_the_service_only_at_a_sentence_start() -> None:
    texts = [t for t in yaml_texts(CONTENT) if t.path.startswith("content/causes/")]
    assert capitals_mid_sentence(texts) == []


def test_a_capital_mid_sentence_is_found_and_a_sentence_start_is_not() -> None:
    def text(value: str) -> Text:
        return Text("content/causes/x.yaml", 3, 9, "text", value)

    assert capitals_mid_sentence([text("the signature that\nThe service checks for.")])
    assert capitals_mid_sentence([text("la firma que El servicio comprueba.")])
    assert capitals_mid_sentence([text("Old links break. The service moves pages.")]) == []
    assert capitals_mid_sentence([text("The service puts your account on hold.")]) == []
    assert capitals_mid_sentence([text("the service's cache while the app uses it.")]) == []

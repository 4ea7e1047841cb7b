"""The lookup's data in shards (generator/codeindex.py): whole, small, and found again."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synth import generate
from checker.rules import CHECKS
from generator.codeindex import (
    LIMIT,
    dumps,
    filed_as,
    read_index,
    shard_file,
    shards_for,
    split_index,
    write_index,
)
from generator.graph import build_graph, lookup_index
from generator.validate import validate_dir
from tests.conftest import FIXTURE_CONTENT


@pytest.fixture(scope="module")
def big_index(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The lookup table of 1,500 synthetic codes (with aliases)."""
    folder = tmp_path_factory.mktemp("codeindex")
    made = generate(folder / "content", 1500, known_checks=list(CHECKS))
    return lookup_index(build_graph(validate_dir(made.content_dir, CHECKS,
                                                 root=folder).content))


def test_every_key_is_in_the_shard_its_lookup_fetches(big_index: dict[str, object]) -> None:
    root, shards = split_index(big_index)  # type: ignore[arg-type]
    keys: dict[str, list[str]] = big_index["keys"]  # type: ignore[assignment]
    assert len(shards) > 10, "split, at this size"
    for key, pages in keys.items():
        for filed in filed_as(key):
            (prefix,) = shards_for(root["shards"], filed)
            assert shards[prefix]["keys"][key] == pages, (key, filed)
            for page in pages:
                assert shards[prefix]["codes"][page][0], page


def test_shards_stay_small_and_the_root_smaller(big_index: dict[str, object]) -> None:
    root, shards = split_index(big_index)  # type: ignore[arg-type]
    whole = len(dumps(big_index).encode())
    assert max(len(dumps(shard).encode()) for shard in shards.values()) <= 2 * LIMIT
    assert len(dumps(root).encode()) < whole / 50
    assert " " not in dumps(root)[:200] and "\n" not in dumps(root), "compact"


def test_a_number_alone_fetches_the_shard_of_the_codes_it_ends(
        big_index: dict[str, object]) -> None:
    root, shards = split_index(big_index)  # type: ignore[arg-type]
    keys: dict[str, list[str]] = big_index["keys"]  # type: ignore[assignment]
    for code in [key for key in keys if key[0].isalpha()][::97]:  # U70011021, ...
        bare = code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # what "7001-1021" normalises to
        (prefix,) = shards_for(root["shards"], bare)
        assert code in shards[prefix]["keys"], "the code is there for the lookup to suggest"
        assert bare not in shards[prefix]["keys"], "not an exact match of its own"


def test_written_and_read_back(tmp_path: Path) -> None:
    index = lookup_index(build_graph(validate_dir(FIXTURE_CONTENT, CHECKS).content))
    kb = tmp_path / "kb"
    (kb / "codes").mkdir(parents=True)
    (kb / "codes" / "stale.json").write_text("{}")
    write_index(kb, index)
    assert not (kb / "codes" / "stale.json").exists()
    back = read_index(kb)
    assert back["keys"] == index["keys"]
    assert back["codes"] == index["codes"]  # url restored from the page id
    assert set(back["services"]) == set(index["services"])
    assert (kb / "codes" / shard_file("")).is_file(), "small: one shard"


def test_shards_for_a_short_key_fetches_a_few_or_none() -> None:
    prefixes = ["M70", "M71", "M72", "N", "7"]
    assert shards_for(prefixes, "M701") == ["M70"]
    assert shards_for(prefixes, "M7") == ["M70", "M71", "M72"]
    assert shards_for(prefixes, "M") == ["M70", "M71", "M72"]
    assert shards_for(["A1", "A2", "A3", "A4", "A5"], "A") == []
    assert shards_for(prefixes, "X1") == []
